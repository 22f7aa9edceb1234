package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.ClientSettings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.model.WorkerVariables;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.VideoRequest;
import dev.seedflow.seedance.simulator.Fault;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Waiting never misses a finished video, on the embedded engine against the simulator in real time. The worker's
 * prior is a standard model's usual run (over two minutes): every task here is far faster, which is what the prior
 * alone used to miss.
 */
class WaitingTest {
  private static final Map<String, String> SECRETS = Map.of("SEEDANCE_API_KEY", "sk-waiting");

  private static WorkerFixture local;
  private static LocalRuntime runtime;
  private static SeedanceSimulator simulator;

  @BeforeAll
  static void start() {
    local = WorkerFixture.start(SECRETS);
    runtime = local.runtime;
    simulator = SeedanceSimulator.start(SimulatorSettings.realistic());
  }

  @AfterAll
  static void stop() {
    if (local != null) local.close();
    if (simulator != null) simulator.close();
  }

  private static SeedanceWorker worker() {
    return local.worker(new SeedanceClient(ClientSettings.forLocalRun()), WorkerSettings.of(Map.of("progress-interval", "PT0.1S")));
  }

  /** One step on Ark at the simulator; generate makes a standard-model video, whose usual run is over two minutes. */
  private static BpmnModelInstance step(TemplateApplier template, String operation, Object... fields) {
    Map<String, Object> entries = TemplateApplier.fields(operation, fields);
    entries.put(operation + ":arkBaseUrl", simulator.baseUrl());
    if (template == local.generate) entries.put("generate:arkModel", "dreamina-seedance-2-0-260128");
    return WorkerFixture.oneStep(template, entries);
  }

  @Test
  void aTaskThatEndsBetweenTwoPlannedReadsJustBeforeTheDeadlineCompletes() throws Exception {
    // Reads at 2 s and 4 s see it running; it ends at about 4.3 s; the next planned read (6 s) is after the deadline,
    // so the last read happens at the deadline (5 s) and finds the video.
    try (SeedanceWorker worker = worker()) {
      ProcessOutcome outcome = runtime.run(step(local.generate, "generate", "prompt", "Nearly late [sim:queue=0.5] [sim:run=3.8]",
          "pollInterval", "PT2S", "waitTimeout", "PT5S"), Map.of(), Duration.ofSeconds(30));
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
    }
  }

  @Test
  void anAwaitOnATaskThatFinishesSecondsAfterItWasCreatedCompletesWithinAFewSeconds() throws Exception {
    ProviderConfig ark = new ProviderConfig(ProviderType.ARK, simulator.baseUrl(), "sk-waiting");
    SeedanceClient client = new SeedanceClient(ClientSettings.forLocalRun());
    String taskId = client.create(ark, client.validate(ark, VideoRequest.builder("dreamina-seedance-2-0-260128")
        .prompt("Quick [sim:queue=1] [sim:run=2]").build())).taskId();
    try (SeedanceWorker worker = worker()) {
      long started = System.nanoTime();
      ProcessOutcome outcome = runtime.run(step(local.await, "await", "taskId", taskId, "pollInterval", "PT1S", "waitTimeout", "PT2M"),
          Map.of(), Duration.ofSeconds(60));
      long tookSeconds = (System.nanoTime() - started) / 1_000_000_000L;
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
      assertThat(tookSeconds).as("the task was done 3 s after it was created").isLessThan(10);
    }
  }

  @Test
  void aTimeoutComesAfterARealReadAtTheDeadlineAndQuotesIt() throws Exception {
    try (SeedanceWorker worker = worker()) {
      // The poll interval is longer than the whole wait: before, this wait ended unread.
      ProcessOutcome outcome = runtime.run(step(local.generate, "generate", "prompt", "Never ends [sim:queue=0.2] [sim:stuck]",
          "pollInterval", "PT10S", "waitTimeout", "PT3S"), Map.of(), Duration.ofSeconds(30));
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
      assertThat(outcome.incidents()).singleElement().satisfies(incident -> assertThat(incident.errorMessage())
          .contains("SEEDANCE_WAIT_TIMEOUT").contains("PT3S").contains("the last read, at ").contains("said running"));
    }
  }

  @Test
  void moreReadsRefusedForTheKeysRateThanFailuresATaskToleratesStillEndInTheVideo() throws Exception {
    // 25 refusals in a row, above the 20 failed reads after which a task gives up: a 429 speaks of the key, not of the
    // task, so the budget slows down and the wait goes on. No Retry-After, as providers often send none.
    simulator.faults().next(RequestKind.READ, Fault.rateLimited(null), 25);
    try (SeedanceWorker worker = local.worker(new SeedanceClient(ClientSettings.forLocalRun()), WorkerSettings.of(Map.of("requests-per-minute", "600000")))) {
      ProcessOutcome outcome = runtime.run(step(local.generate, "generate", "prompt", "Read through a busy hour [sim:queue=0.2] [sim:run=1]",
          "pollInterval", "PT0.2S", "waitTimeout", "PT1M"), Map.of(), Duration.ofSeconds(60));
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
      assertThat(simulator.faults().injected()).containsEntry("RateLimited", 25);
    }
  }

  @Test
  void arkProgressIsPublishedAsAnEstimate() throws Exception {
    try (SeedanceWorker worker = worker()) {
      ProcessOutcome outcome = runtime.run(step(local.generate, "generate", "prompt", "Watched [sim:queue=0.2] [sim:run=6]", "pollInterval", "PT0.5S"),
          Map.of(), Duration.ofSeconds(30));
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
      int estimates = 0;
      for (Record<?> record : runtime.engine().records()) {
        if (record.getValue() instanceof VariableRecordValue variable && variable.getProcessInstanceKey() == outcome.processInstanceKey()
            && variable.getName().equals(WorkerVariables.PROGRESS) && variable.getValue().contains("\"status\":\"running\"")) {
          assertThat(variable.getValue()).contains("\"estimated\":true").doesNotContain("\"progress\":null");
          estimates++;
        }
      }
      assertThat(estimates).as("published while it ran").isGreaterThanOrEqualTo(2);
    }
  }
}
