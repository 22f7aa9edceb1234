package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.model.WorkerVariables;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The paired worker in the official Spring connectors runtime (registered by its
 * auto-configuration), on the embedded engine, against the simulator over HTTP. The job timeout is
 * 2 s, so every wait longer than that only works because the worker extends it.
 */
class WorkerEndToEndTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(40);
  private static final AtomicInteger IDS = new AtomicInteger();

  private static SeedanceSimulator simulator;
  private static LocalRuntime runtime;
  private static TemplateApplier generate;
  private static TemplateApplier await;
  private static TemplateApplier connector;

  @BeforeAll
  static void start() {
    // About a second of real time per task: 1 s queued and 3 s running, four times faster than
    // real.
    simulator =
        SeedanceSimulator.start(
            SimulatorSettings.realistic()
                .withTimes(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(3))
                .withTimeScale(4));
    runtime =
        LocalRuntime.start(
            Map.of("SEEDANCE_API_KEY", "sk-worker-test"),
            Map.of(
                "seedflow.worker.job-timeout", "PT2S",
                "seedflow.worker.typical-run", "PT1S",
                "seedflow.worker.progress-interval", "PT0.2S"));
    generate = TemplateApplier.load(Path.of("element-templates/seedance-generate.json"));
    await = TemplateApplier.load(Path.of("element-templates/seedance-await.json"));
    connector = TemplateApplier.load(Path.of("element-templates/seedance-connector.json"));
  }

  @AfterAll
  static void stop() {
    if (runtime != null) runtime.close();
    if (simulator != null) simulator.close();
  }

  /**
   * What a user enters in a template of one operation: Ark at the simulator, a short poll interval,
   * and more.
   */
  static Map<String, Object> values(String operation, SeedanceSimulator simulator, Object... more) {
    Map<String, Object> values = TemplateApplier.fields(operation, more);
    values.put(operation + ":arkBaseUrl", simulator.baseUrl());
    if (!operation.endsWith("Task")) values.put(operation + ":pollInterval", "PT0.1S");
    return values;
  }

  private static BpmnModelInstance generating(Object... fields) {
    return Bpmn.createExecutableProcess("generate_" + IDS.incrementAndGet())
        .startEvent()
        .serviceTask(
            "generate", t -> generate.apply(values("generate", simulator, fields)).accept(t))
        .endEvent("done")
        .done();
  }

  @Test
  void generateCompletesWithTheVideoUrl() throws InterruptedException {
    ProcessOutcome outcome =
        runtime.run(generating("prompt", "A paper boat on a river"), Map.of(), TIMEOUT);
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
    assertThat(outcome.variables().get("generatedVideo"))
        .asInstanceOf(MAP)
        .containsEntry("status", "succeeded")
        .hasEntrySatisfying("videoUrl", url -> assertThat((String) url).contains("/media/"));
    assertThat(outcome.variables())
        .doesNotContainKeys(WorkerVariables.TASK_ID, WorkerVariables.PROGRESS);
    // Inside a runtime the worker counts on the runtime's own registry, which its actuator serves.
    MeterRegistry registry = runtime.bean(MeterRegistry.class);
    assertThat(registry.find("seedflow.jobs.ended").tag("outcome", "completed").counter())
        .isNotNull()
        .satisfies(completed -> assertThat(completed.count()).isPositive());
    assertThat(
            registry
                .find("seedflow.provider.requests")
                .tags("kind", "create", "outcome", "ok")
                .counter())
        .isNotNull();
  }

  @Test
  void aResultExpressionShapesTheResultAsInAConnector() throws InterruptedException {
    ProcessOutcome outcome =
        runtime.run(
            generating(
                "prompt",
                "A lighthouse",
                "resultVariable",
                "",
                "resultExpression",
                "={clipUrl: response.videoUrl, clipTask: response.taskId}"),
            Map.of(),
            TIMEOUT);
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
    assertThat((String) outcome.variables().get("clipUrl")).contains("/media/");
    assertThat((String) outcome.variables().get("clipTask")).startsWith("cgt-");
    assertThat(outcome.variables()).doesNotContainKey("generatedVideo");
  }

  @Test
  void createThenAwaitCompletes() throws InterruptedException {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("create_await_" + IDS.incrementAndGet())
            .startEvent()
            .serviceTask(
                "create",
                t ->
                    connector
                        .apply(
                            values(
                                "createTask",
                                simulator,
                                "operation",
                                "createTask",
                                "prompt",
                                "A kite"))
                        .accept(t))
            .serviceTask("notify")
            .zeebeJobType("notify-nobody")
            .serviceTask(
                "await",
                t ->
                    await
                        .apply(values("await", simulator, "taskId", "=videoTask.taskId"))
                        .accept(t))
            .endEvent()
            .done();
    var worker =
        runtime
            .client()
            .newWorker()
            .jobType("notify-nobody")
            .handler((client, job) -> client.newCompleteCommand(job.getKey()).send().join())
            .open();
    try {
      ProcessOutcome outcome = runtime.run(model, Map.of(), TIMEOUT);
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
      Object created = ((Map<?, ?>) outcome.variables().get("videoTask")).get("taskId");
      assertThat(outcome.variables().get("generatedVideo"))
          .asInstanceOf(MAP)
          .containsEntry("taskId", created)
          .containsEntry("status", "succeeded")
          .containsKey("videoUrl");
    } finally {
      worker.close();
    }
  }

  @Test
  void aFailedTaskIsAnIncidentWithTheProvidersCode() throws InterruptedException {
    ProcessOutcome outcome =
        runtime.run(
            generating(
                "prompt", "Something forbidden [sim:fail=OutputVideoSensitiveContentDetected]"),
            Map.of(),
            TIMEOUT);
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
    assertThat(outcome.incidents())
        .singleElement()
        .satisfies(
            incident -> {
              assertThat(incident.elementId()).isEqualTo("generate");
              assertThat(incident.errorMessage())
                  .contains("SEEDANCE_TASK_FAILED")
                  .contains("OutputVideoSensitiveContentDetected")
                  .contains("[task cgt-");
            });
  }

  @Test
  void anErrorExpressionGivesABpmnErrorThatABoundaryEventCatches() throws InterruptedException {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("generate_error_" + IDS.incrementAndGet())
            .startEvent()
            .serviceTask(
                "generate",
                t ->
                    generate
                        .apply(
                            values(
                                "generate",
                                simulator,
                                "prompt",
                                "Forbidden again [sim:fail]",
                                "errorExpression",
                                "=if error.code = \"SEEDANCE_TASK_FAILED\" then"
                                    + " bpmnError(\"VIDEO_FAILED\", error.message) else null"))
                        .accept(t))
            .boundaryEvent("videoFailed", b -> b.error("VIDEO_FAILED"))
            .endEvent("fixTheBrief")
            .moveToActivity("generate")
            .endEvent("published")
            .done();
    ProcessOutcome outcome = runtime.run(model, Map.of(), TIMEOUT);
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
    assertThat(outcome.completedElements()).contains("fixTheBrief").doesNotContain("published");
  }

  @Test
  void theWaitTimeoutIsAnIncident() throws InterruptedException {
    ProcessOutcome outcome =
        runtime.run(
            generating("prompt", "Never ends [sim:stuck]", "waitTimeout", "PT1.5S"),
            Map.of(),
            TIMEOUT);
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
    assertThat(outcome.incidents())
        .singleElement()
        .satisfies(
            incident ->
                assertThat(incident.errorMessage())
                    .contains("SEEDANCE_WAIT_TIMEOUT")
                    .contains("PT1.5S")
                    .contains("running")
                    .contains("wait for it again"));
  }

  @Test
  void aTaskLongerThanTheJobTimeoutCompletesWithOneActivation() throws InterruptedException {
    // 24 simulated seconds of running at 4x: about 6 s, three times the 2 s job timeout.
    ProcessOutcome outcome =
        runtime.run(generating("prompt", "A long take [sim:run=24]"), Map.of(), TIMEOUT);
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
    long jobKey = -1;
    int timedOut = 0, extended = 0;
    for (Record<?> record : runtime.engine().records()) {
      if (record.getValueType() == ValueType.JOB
          && record.getValue() instanceof JobRecordValue job
          && job.getProcessInstanceKey() == outcome.processInstanceKey()) {
        if (record.getIntent() == JobIntent.CREATED) jobKey = record.getKey();
        if (record.getIntent() == JobIntent.TIMED_OUT) timedOut++;
        if (record.getIntent() == JobIntent.TIMEOUT_UPDATED) extended++;
      }
    }
    assertThat(jobKey).isPositive();
    assertThat(timedOut).as("the job never went back to the engine").isZero();
    assertThat(extended)
        .as("the job timeout was extended while the task ran")
        .isGreaterThanOrEqualTo(2);
    assertThat(activations(jobKey)).isEqualTo(1);
  }

  /**
   * Gateways report progress (Ark does not); it is published whenever it changes, at most every 0.2
   * s here.
   */
  @Test
  void progressIsPublishedAsALocalVariable() throws InterruptedException {
    Map<String, Object> values =
        Map.of(
            "generate:providerType",
            "unified",
            "generate:gatewayBaseUrl",
            simulator.baseUrl(),
            "generate:pollInterval",
            "PT0.1S",
            "generate:prompt",
            "Slow enough to watch [sim:run=24]");
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("progress_" + IDS.incrementAndGet())
            .startEvent()
            .serviceTask("generate", t -> generate.apply(values).accept(t))
            .endEvent()
            .done();
    ProcessOutcome outcome = runtime.run(model, Map.of(), TIMEOUT);
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
    long published = 0;
    for (Record<?> record : runtime.engine().records()) {
      if (record.getValueType() == ValueType.VARIABLE
          && record.getValue() instanceof VariableRecordValue variable
          && variable.getProcessInstanceKey() == outcome.processInstanceKey()
          && variable.getName().equals(WorkerVariables.PROGRESS)) {
        assertThat(variable.getScopeKey())
            .as("local to the task")
            .isNotEqualTo(outcome.processInstanceKey());
        assertThat(variable.getValue()).contains("\"taskId\"").contains("\"status\"");
        published++;
      }
    }
    assertThat(published).isGreaterThanOrEqualTo(2);
  }

  /**
   * fal and Replicate through the generate template as a designer fills it: a video, a failure in
   * the host's words, and a request the host does not take, refused before anything is sent.
   */
  @ParameterizedTest
  @ValueSource(strings = {"fal", "replicate"})
  void eachHostMakesAVideoFailsInItsWordsAndIsSentNothingInvalid(String host)
      throws InterruptedException {
    ProcessOutcome made = runtime.run(onHost(host, "A paper boat on a river"), Map.of(), TIMEOUT);
    assertThat(made.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
    assertThat(made.variables().get("generatedVideo"))
        .asInstanceOf(MAP)
        .containsEntry("status", "succeeded")
        .hasEntrySatisfying(
            "videoUrl", url -> assertThat((String) url).contains("/media/bytedance/seedance-2.0"));
    Map<?, ?> kept =
        (Map<?, ?>)
            ((Map<?, ?>) ((Map<?, ?>) made.variables().get("generatedVideo")).get("videoDocument"))
                .get("metadata");
    assertThat((String) kept.get("fileName"))
        .as("safe on every file system, though the host's task id holds '/' or ':'")
        .matches("[A-Za-z0-9._-]+\\.mp4");
    assertThat(
            simulator.requests().stream()
                .filter(r -> r.kind() == RequestKind.CREATE)
                .toList()
                .getLast()
                .path())
        .isEqualTo(
            host.equals("fal")
                ? "/bytedance/seedance-2.0/fast/text-to-video"
                : "/v1/models/bytedance/seedance-2.0-fast/predictions");

    ProcessOutcome failed =
        runtime.run(
            onHost(host, "Forbidden [sim:fail=content_policy_violation]"), Map.of(), TIMEOUT);
    assertThat(failed.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
    assertThat(failed.incidents())
        .singleElement()
        .satisfies(
            incident ->
                assertThat(incident.errorMessage())
                    .contains("SEEDANCE_TASK_FAILED")
                    .contains("content_policy_violation")
                    .contains("sensitive information"));

    int before = simulator.tasksCreated();
    ProcessOutcome invalid =
        runtime.run(
            onHost(host, "A cat", "otherModel", "dreamina-seedance-2-0-260128"), Map.of(), TIMEOUT);
    assertThat(invalid.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
    assertThat(invalid.incidents())
        .singleElement()
        .satisfies(
            incident ->
                assertThat(incident.errorMessage())
                    .contains("SEEDANCE_INVALID_INPUT")
                    .contains(
                        "'dreamina-seedance-2-0-260128' is not a model the "
                            + host
                            + " API serves"));
    assertThat(simulator.tasksCreated()).isEqualTo(before);
  }

  /**
   * Each host's own failure forms end the step at once, in the host's words: fal's request error
   * (503 with {@code error_type} and {@code X-Fal-Error-Type}, which fal sends only after its own
   * retries), fal's model error ({@code detail[].type}), and Replicate's {@code aborted} (a
   * deadline passed before the prediction ran). Never a wait-out that calls the task still running,
   * and one paid task each.
   */
  @ParameterizedTest
  @CsvSource({
    "fal, Runner lost [sim:fail=runner_disconnected], SEEDANCE_TASK_FAILED, runner_disconnected",
    "fal, Refused [sim:fail=content_policy_violation], SEEDANCE_TASK_FAILED,"
        + " content_policy_violation",
    "replicate, Never ran [sim:expire], SEEDANCE_TASK_EXPIRED, aborted"
  })
  void eachHostsFailureFormEndsTheStepAtOnceInItsWords(
      String host, String prompt, String code, String word) throws InterruptedException {
    int before = simulator.tasksCreated();
    long resultReadsBefore =
        simulator.requests().stream()
            .filter(r -> r.kind() == RequestKind.READ && !r.path().endsWith("/status"))
            .count();
    ProcessOutcome outcome =
        runtime.run(onHost(host, prompt, "waitTimeout", "PT60S"), Map.of(), TIMEOUT);
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
    assertThat(outcome.incidents())
        .singleElement()
        .satisfies(
            incident ->
                assertThat(incident.errorMessage())
                    .contains(code)
                    .contains(word)
                    .contains(simulator.tasksWithPrompt(prompt).getFirst())
                    .doesNotContain("WAIT_TIMEOUT"));
    assertThat(simulator.tasksCreated() - before).as("paid tasks").isEqualTo(1);
    if (host.equals("fal")) {
      assertThat(
              simulator.requests().stream()
                      .filter(r -> r.kind() == RequestKind.READ && !r.path().endsWith("/status"))
                      .count()
                  - resultReadsBefore)
          .as("fal's result, read once: its refusal is the ending, not retried")
          .isEqualTo(1);
    }
  }

  /**
   * On Replicate the step's wait timeout goes with the create as {@code Cancel-After}: a prediction
   * that never starts is aborted by Replicate, unpaid, and the step ends in Replicate's word, not
   * in a wait-out of its own.
   */
  @Test
  void onReplicateTheWaitTimeoutIsTheDeadlineAtTheProvider() throws InterruptedException {
    String prompt = "Queued for ever [sim:queue=100000]";
    ProcessOutcome outcome =
        runtime.run(onHost("replicate", prompt, "waitTimeout", "PT20S"), Map.of(), TIMEOUT);
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
    assertThat(outcome.incidents())
        .singleElement()
        .satisfies(
            incident ->
                assertThat(incident.errorMessage())
                    .contains("SEEDANCE_TASK_EXPIRED")
                    .contains("aborted")
                    .doesNotContain("WAIT_TIMEOUT"));
    assertThat(
            simulator.requests().stream()
                .filter(r -> r.kind() == RequestKind.CREATE && r.body().contains(prompt))
                .count())
        .isEqualTo(1);
  }

  /**
   * A host that says succeeded but gives no video (Replicate's {@code output: null}, fal's {@code
   * video.url: null}): read once more, then an incident naming what was missing, with the task id,
   * and one paid task. Never a completed step without its video.
   */
  @ParameterizedTest
  @ValueSource(strings = {"fal", "replicate"})
  void aHostsSuccessWithNoVideoIsAnIncidentNamingWhatWasMissing(String host)
      throws InterruptedException {
    int before = simulator.tasksCreated();
    String prompt = "An empty box from " + host + " [sim:novideo]";
    ProcessOutcome outcome = runtime.run(onHost(host, prompt), Map.of(), TIMEOUT);
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
    String missing =
        host.equals("fal") ? "fal's result has video.url null" : "Replicate's output is null";
    assertThat(outcome.incidents())
        .singleElement()
        .satisfies(
            incident ->
                assertThat(incident.errorMessage())
                    .contains("SEEDANCE_BAD_RESPONSE")
                    .contains("succeeded, but its answer holds no video URL")
                    .contains(missing)
                    .contains("no_video"));
    assertThat(simulator.tasksCreated() - before).as("paid tasks").isEqualTo(1);
    assertThat(outcome.incidents().getFirst().errorMessage())
        .as("names the task")
        .contains(simulator.tasksWithPrompt(prompt).getFirst());
  }

  /** A generate step on a host at the simulator, its model the template's default for the host. */
  private static BpmnModelInstance onHost(String host, String prompt, Object... more) {
    Map<String, Object> values = TemplateApplier.fields("generate", more);
    values.putAll(
        Map.of(
            "generate:providerType",
            host,
            "generate:hostBaseUrl",
            simulator.baseUrl(),
            "generate:pollInterval",
            "PT0.1S",
            "generate:prompt",
            prompt));
    return Bpmn.createExecutableProcess(host + "_" + IDS.incrementAndGet())
        .startEvent()
        .serviceTask("generate", t -> generate.apply(values).accept(t))
        .endEvent()
        .done();
  }

  @Test
  void invalidInputIsAnIncidentAndNothingIsSubmitted() throws InterruptedException {
    int before = simulator.tasksCreated();
    ProcessOutcome outcome =
        runtime.run(generating("prompt", "A cat", "duration", 99), Map.of(), TIMEOUT);
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
    assertThat(outcome.incidents())
        .singleElement()
        .satisfies(
            incident ->
                assertThat(incident.errorMessage())
                    .contains("SEEDANCE_INVALID_INPUT")
                    .contains("video.duration"));
    assertThat(simulator.tasksCreated()).isEqualTo(before);
  }

  @Test
  void aMissingSecretIsAnIncidentThatSaysWhereToSetIt() throws InterruptedException {
    ProcessOutcome outcome =
        runtime.run(
            generating("prompt", "A cat", "apiKey", "{{secrets.SEEDANCE_NOT_SET_ANYWHERE}}"),
            Map.of(),
            TIMEOUT);
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
    assertThat(outcome.incidents())
        .singleElement()
        .satisfies(
            incident ->
                assertThat(incident.errorMessage())
                    .contains("SEEDANCE_INVALID_INPUT")
                    .contains("SEEDANCE_NOT_SET_ANYWHERE")
                    .contains("set the secret SEEDANCE_NOT_SET_ANYWHERE where the worker runs"));
  }

  /** How often the engine handed this job to a worker, from its own record stream. */
  static int activations(long jobKey) {
    return countActivations(runtime, jobKey);
  }

  static int countActivations(LocalRuntime runtime, long jobKey) {
    int count = 0;
    for (Record<?> record : runtime.engine().records()) {
      if (record.getValueType() == ValueType.JOB_BATCH
          && record.getIntent().name().equals("ACTIVATED")
          && record.getValue()
              instanceof io.camunda.zeebe.protocol.record.value.JobBatchRecordValue batch
          && batch.getJobKeys().contains(jobKey)) {
        count++;
      }
    }
    return count;
  }
}
