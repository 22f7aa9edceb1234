package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.reliability.Figures;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A burst bigger than the provider account's queue, on the embedded engine: a parallel
 * multi-instance generate of 12 videos against an account that takes 3 unfinished tasks. The worker
 * starts out allowing 10, learns the real limit from the provider's QuotaExceeded, and lets the
 * rest wait their turn: all complete, with no incident and no duplicate, and never more than 3
 * unfinished at the provider.
 */
class AdmissionTest {
  private static final int VIDEOS = 12;
  private static final int ACCOUNT_LIMIT = 3;

  @Test
  void aBurstBiggerThanTheProvidersQueueIsAdmittedWithoutIncidents() throws Exception {
    Map<String, String> secrets = Map.of("SEEDANCE_API_KEY", "sk-burst");
    try (WorkerFixture local =
        WorkerFixture.start(
            secrets,
            SimulatorSettings.realistic()
                .withTimes(Duration.ofSeconds(2), Duration.ofSeconds(8), Duration.ofSeconds(12))
                .withTimeScale(4))) {
      SeedanceSimulator simulator = local.simulator;
      simulator.limitUnfinishedTasks(ACCOUNT_LIMIT);
      LocalRuntime runtime = local.runtime;
      Map<String, Object> entries =
          TemplateApplier.fields(
              "generate", "prompt", "=clip", "pollInterval", "PT0.5S", "waitTimeout", "PT5M");
      entries.put("generate:arkBaseUrl", simulator.baseUrl());
      BpmnModelInstance burst =
          Bpmn.createExecutableProcess("burst")
              .startEvent()
              .serviceTask(
                  "video",
                  t ->
                      local
                          .generate
                          .apply(entries)
                          .accept(
                              t.multiInstance(
                                  m ->
                                      m.parallel()
                                          .zeebeInputCollectionExpression("clips")
                                          .zeebeInputElement("clip"))))
              .endEvent()
              .done();
      List<String> clips = IntStream.range(0, VIDEOS).mapToObj(i -> "Burst clip " + i).toList();
      ProcessOutcome outcome;
      try (SeedanceWorker worker =
          local.worker(
              new SeedanceClient(ClientSettings.forLocalRun()),
              WorkerSettings.of(Map.of("max-unfinished-tasks", "10", "typical-run", "PT2.5S")))) {
        outcome = runtime.run(burst, Map.of("clips", clips), Duration.ofMinutes(3));
      }
      long duplicates =
          clips.stream().filter(clip -> simulator.tasksWithPrompt(clip).size() > 1).count();
      long refused =
          simulator.requests().stream().filter(r -> r.kind() == RequestKind.CREATE).count()
              - VIDEOS;
      Figures.report(
          String.format(
              "burst: %d videos in a parallel multi-instance against an account that takes %d"
                  + " unfinished tasks: %s, %d tasks created, incidents %d, duplicates %d, most"
                  + " unfinished at once %d; %d creates refused with QuotaExceeded and waited out",
              VIDEOS,
              ACCOUNT_LIMIT,
              outcome.state(),
              simulator.tasksCreated(),
              outcome.incidents().size(),
              duplicates,
              simulator.mostUnfinishedAtOnce(),
              refused));
      assertThat(outcome.state())
          .as(outcome.incidents().toString())
          .isEqualTo(ProcessOutcome.State.COMPLETED);
      assertThat(outcome.incidents()).isEmpty();
      for (String clip : clips) {
        assertThat(simulator.tasksWithPrompt(clip)).as("one task for " + clip).hasSize(1);
      }
      assertThat(simulator.tasksCreated()).isEqualTo(VIDEOS);
      assertThat(simulator.mostUnfinishedAtOnce())
          .as("unfinished at the provider at any moment")
          .isLessThanOrEqualTo(ACCOUNT_LIMIT);
      assertThat(refused)
          .as("the worker learned the limit from the provider's refusals")
          .isPositive();
    }
  }
}
