package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.model.WorkerVariables;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.VariableDocumentIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableDocumentRecordValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one video costs the engine, read from its record stream: every command of the worker is
 * records to process and export, a hundred thousand videos over.
 */
class EngineCommandsTest {
  private static WorkerFixture local;

  @BeforeAll
  static void start() {
    local =
        WorkerFixture.start(
            Map.of("SEEDANCE_API_KEY", "sk-commands"),
            SimulatorSettings.realistic()
                .withTimes(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1)));
  }

  @AfterAll
  static void stop() {
    if (local != null) local.close();
  }

  @Test
  void aQuickVideoCostsTwoSetVariablesAndNoTimeoutExtension() throws Exception {
    // The default job timeout (5 minutes) leaves the create call its 2 minutes without an
    // extension.
    try (SeedanceWorker worker =
        local.worker(new SeedanceClient(ClientSettings.forLocalRun()), WorkerSettings.defaults())) {
      ProcessOutcome outcome =
          local.runtime.run(
              local.generating("prompt", "Quick", "pollInterval", "PT0.5S"),
              Map.of(),
              Duration.ofSeconds(30));
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);

      assertThat(timeoutUpdates(outcome.processInstanceKey())).isZero();
      List<Set<String>> documents = variableDocuments(outcome.processInstanceKey());
      assertThat(documents)
          .as("the intent; then the task id, the wait's start and the first progress together")
          .containsExactly(
              Set.of(WorkerVariables.SUBMIT_INTENT),
              Set.of(
                  WorkerVariables.TASK_ID, WorkerVariables.WAIT_STARTED, WorkerVariables.PROGRESS));
    }
  }

  @Test
  void aJobTimeoutShorterThanTheCreateCallMayTakeIsExtendedBeforeTheCreate() throws Exception {
    try (SeedanceWorker worker =
        local.worker(
            new SeedanceClient(ClientSettings.forLocalRun()),
            WorkerSettings.of(Map.of("job-timeout", "PT1M")))) {
      ProcessOutcome outcome =
          local.runtime.run(
              local.generating("prompt", "Quick", "pollInterval", "PT0.5S"),
              Map.of(),
              Duration.ofSeconds(30));
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);

      assertThat(timeoutUpdates(outcome.processInstanceKey()))
          .as("for the create call, and back to the usual after it")
          .isEqualTo(2);
      assertThat(variableDocuments(outcome.processInstanceKey()).getFirst())
          .containsExactly(WorkerVariables.SUBMIT_INTENT);
    }
  }

  private static long timeoutUpdates(long processInstanceKey) {
    return local.runtime.engine().records().stream()
        .filter(
            record ->
                record.getIntent() == JobIntent.TIMEOUT_UPDATED
                    && record.getValue() instanceof JobRecordValue job
                    && job.getProcessInstanceKey() == processInstanceKey)
        .count();
  }

  /**
   * The variables of each set-variables command the engine took on the instance's elements, in
   * order.
   */
  private static List<Set<String>> variableDocuments(long processInstanceKey) {
    List<Record<?>> records = local.runtime.engine().records();
    Set<Long> elements = new HashSet<>();
    for (Record<?> record : records) {
      if (record.getValue() instanceof ProcessInstanceRecordValue value
          && value.getProcessInstanceKey() == processInstanceKey) {
        elements.add(record.getKey());
      }
    }
    List<Set<String>> documents = new ArrayList<>();
    for (Record<?> record : records) {
      if (record.getIntent() == VariableDocumentIntent.UPDATED
          && record.getValue() instanceof VariableDocumentRecordValue document
          && elements.contains(document.getScopeKey())) {
        documents.add(document.getVariables().keySet());
      }
    }
    return documents;
  }
}
