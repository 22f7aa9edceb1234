package dev.seedflow.seedance.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Camunda user tasks (zeebe:userTask) run on the embedded engine: created, listed, completed with
 * variables.
 */
class UserTasksOnTheEngineTest {

  @Test
  void aCamundaUserTaskWaitsAndCompletesWithTheFormsVariables() throws Exception {
    try (LocalRuntime runtime =
        LocalRuntime.start(Map.of(), Map.of("seedflow.worker.enabled", "false"))) {
      BpmnModelInstance model =
          Bpmn.createExecutableProcess("people")
              .startEvent()
              .userTask("review", t -> t.name("Review").zeebeUserTask())
              .exclusiveGateway("ok")
              .conditionExpression("approved = true")
              .endEvent("yes")
              .moveToNode("ok")
              .conditionExpression("approved != true")
              .endEvent("no")
              .done();
      long instance = runtime.start(model, Map.of());
      List<ProcessRecords.OpenUserTask> open = List.of();
      for (int i = 0; i < 100 && open.isEmpty(); i++) {
        Thread.sleep(50);
        open = runtime.records().openUserTasks(instance);
      }
      assertThat(open)
          .singleElement()
          .extracting(ProcessRecords.OpenUserTask::elementId)
          .isEqualTo("review");
      assertThat(runtime.records().outcome(instance).state())
          .isEqualTo(ProcessOutcome.State.RUNNING);

      runtime
          .engine()
          .completeUserTask(
              open.getFirst().userTaskKey(), Map.of("approved", true, "feedback", "Lovely"));
      ProcessOutcome outcome = runtime.records().await(instance, Duration.ofSeconds(10));
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
      assertThat(outcome.completedElements()).contains("review", "yes").doesNotContain("no");
      assertThat(outcome.variables())
          .containsEntry("approved", true)
          .containsEntry("feedback", "Lovely");
      assertThat(runtime.records().openUserTasks(instance)).isEmpty();
    }
  }
}
