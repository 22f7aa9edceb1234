package dev.seedflow.seedance.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.protocol.record.Record;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector as users run it: BPMN made by applying the generated template, deployed to the
 * embedded engine, executed by the official Spring connectors runtime, against the simulator over
 * HTTP.
 */
class ConnectorEndToEndTest {
  private static final String SECRET = "sk-e2e-canary-4f1c9a7d";
  private static final String WRONG_KEY = "sk-wrong-canary-77e2";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final AtomicInteger PROCESS_IDS = new AtomicInteger();

  private static SeedanceSimulator simulator;
  private static LocalRuntime runtime;
  private static TemplateApplier template;

  @BeforeAll
  static void start() {
    simulator =
        SeedanceSimulator.start(
            SimulatorSettings.realistic()
                .withApiKey(SECRET)
                .withTimes(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4))
                .withTimeScale(10));
    runtime =
        LocalRuntime.start(
            Map.of("SEEDANCE_API_KEY", SECRET, "SEEDANCE_OTHER_KEY", WRONG_KEY), Map.of());
    template = TemplateApplier.load(Path.of("element-templates/seedance-connector.json"));
  }

  @AfterAll
  static void stop() {
    if (runtime != null) runtime.close();
    if (simulator != null) simulator.close();
  }

  /** The values a user enters for an operation: Ark at the simulator, plus the given fields. */
  private static Map<String, Object> values(String operation, Object... more) {
    Map<String, Object> values = TemplateApplier.fields(operation, more);
    values.put("operation", operation);
    values.put(operation + ":arkBaseUrl", simulator.baseUrl());
    return values;
  }

  /** create → read → (done? end : wait 1 s → read), with an optional error boundary on the read. */
  private static BpmnModelInstance createAndPoll(String prompt, String readErrorExpression) {
    String id = "poll_" + PROCESS_IDS.incrementAndGet();
    Map<String, Object> read =
        values("getTask", "taskId", "=created.taskId", "resultVariable", "videoTask");
    if (readErrorExpression != null) read.put("errorExpression", readErrorExpression);
    var afterRead =
        Bpmn.createExecutableProcess(id)
            .startEvent()
            .serviceTask(
                "create",
                t ->
                    template
                        .apply(values("createTask", "prompt", prompt, "resultVariable", "created"))
                        .accept(t))
            .serviceTask("read", t -> template.apply(read).accept(t));
    if (readErrorExpression != null) {
      afterRead =
          afterRead
              .boundaryEvent("taskFailed", b -> b.error("SEEDANCE_TASK_FAILED"))
              .endEvent("failureHandled")
              .moveToActivity("read");
    }
    return afterRead
        .exclusiveGateway("done")
        .conditionExpression("videoTask.status = \"succeeded\"")
        .endEvent("made")
        .moveToNode("done")
        .conditionExpression("videoTask.status != \"succeeded\"")
        .intermediateCatchEvent("wait", e -> e.timerWithDuration("PT1S"))
        .connectTo("read")
        .done();
  }

  private static BpmnModelInstance single(String operation, Object... fields) {
    return Bpmn.createExecutableProcess("single_" + PROCESS_IDS.incrementAndGet())
        .startEvent()
        .serviceTask("task", t -> template.apply(values(operation, fields)).accept(t))
        .endEvent("end")
        .done();
  }

  private static ProcessOutcome run(BpmnModelInstance model) throws InterruptedException {
    return runtime.run(model, Map.of(), TIMEOUT);
  }

  @Test
  void createsThenReadsUntilTheVideoIsThereAndKeepsIt() throws Exception {
    ProcessOutcome outcome = run(createAndPoll("A red bicycle in the rain", null));
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
    assertThat(outcome.completedElements()).contains("made");
    @SuppressWarnings("unchecked")
    Map<String, Object> task = (Map<String, Object>) outcome.variables().get("videoTask");
    assertThat(task.get("status")).isEqualTo("succeeded");
    assertThat((String) task.get("videoUrl"))
        .startsWith(simulator.baseUrl() + "/media/")
        .contains((String) task.get("taskId"));
    // The read operation kept the finished video through the runtime's document store, as the
    // template's default asks.
    @SuppressWarnings("unchecked")
    Map<String, Object> document = (Map<String, Object>) task.get("videoDocument");
    assertThat(document)
        .containsEntry("camunda.document.type", "camunda")
        .containsEntry("storeId", "local-folder");
    assertThat(
            Files.readAllBytes(runtime.documentStore().pathOf((String) document.get("documentId"))))
        .isEqualTo(SeedanceSimulator.servedVideo());
    @SuppressWarnings("unchecked")
    Map<String, Object> created = (Map<String, Object>) outcome.variables().get("created");
    assertThat(created.get("taskId")).isEqualTo(task.get("taskId"));
    // In the runtime, the connector counts its requests to the provider on the runtime's registry
    // (its actuator's).
    assertThat(
            runtime
                .bean(MeterRegistry.class)
                .find("seedflow.provider.requests")
                .tags("kind", "create", "outcome", "ok")
                .counter())
        .isNotNull()
        .satisfies(creates -> assertThat(creates.count()).isPositive());
  }

  @Test
  void cancelsAQueuedTask() throws InterruptedException {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("cancel_" + PROCESS_IDS.incrementAndGet())
            .startEvent()
            .serviceTask(
                "create",
                t ->
                    template
                        .apply(
                            values(
                                "createTask",
                                "prompt",
                                "Wait in line [sim:queue=3600]",
                                "resultVariable",
                                "created"))
                        .accept(t))
            .serviceTask(
                "cancel",
                t ->
                    template
                        .apply(
                            values(
                                "cancelTask",
                                "taskId",
                                "=created.taskId",
                                "resultVariable",
                                "cancelled"))
                        .accept(t))
            .endEvent()
            .done();
    ProcessOutcome outcome = run(model);
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
    assertThat(outcome.variables().get("cancelled"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("status", "cancelled");
  }

  @Test
  void invalidInputIsAnIncidentAndReachesNoProvider() throws InterruptedException {
    long before = simulator.requests().size();
    ProcessOutcome outcome =
        run(single("createTask", "prompt", "A cat", "duration", 30, "resultVariable", "created"));
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
    assertThat(outcome.incidents())
        .singleElement()
        .satisfies(
            incident -> {
              assertThat(incident.elementId()).isEqualTo("task");
              assertThat(incident.errorMessage())
                  .contains("SEEDANCE_INVALID_INPUT")
                  .contains("video.duration")
                  .contains("between 4 and 15");
            });
    assertThat(simulator.requests()).hasSize((int) before);
  }

  @Test
  void aRejectedKeyIsAnIncidentThatSaysToCheckTheSecret() throws InterruptedException {
    ProcessOutcome outcome =
        run(
            single(
                "createTask",
                "prompt",
                "A cat",
                "apiKey",
                "{{secrets.SEEDANCE_OTHER_KEY}}",
                "resultVariable",
                "created"));
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
    assertThat(outcome.incidents())
        .singleElement()
        .satisfies(
            incident ->
                assertThat(incident.errorMessage())
                    .contains("SEEDANCE_AUTH")
                    .contains("SEEDANCE_API_KEY")
                    .doesNotContain(WRONG_KEY));
  }

  @Test
  void theSecretResolvesAndTheKeyAppearsNowhere() throws InterruptedException {
    int before = simulator.requests().size();
    ProcessOutcome outcome =
        run(single("createTask", "prompt", "A lighthouse at dusk", "resultVariable", "created"));
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
    assertThat(simulator.requests().subList(before, simulator.requests().size()))
        .isNotEmpty()
        .allMatch(r -> r.authorized(), "every request carried the resolved secret");
    for (Record<?> record : runtime.engine().records()) {
      assertThat(record.toJson()).doesNotContain(SECRET).doesNotContain(WRONG_KEY);
    }
  }

  @Test
  void anErrorExpressionTurnsAFailedTaskIntoABpmnError() throws InterruptedException {
    ProcessOutcome outcome =
        run(
            createAndPoll(
                "A forbidden scene [sim:fail=OutputVideoSensitiveContentDetected]",
                "=if error.code = \"SEEDANCE_TASK_FAILED\" then bpmnError(\"SEEDANCE_TASK_FAILED\","
                    + " error.message) else null"));
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
    assertThat(outcome.completedElements()).contains("failureHandled").doesNotContain("made");
  }

  @Test
  void aFailedTaskWithoutAnErrorExpressionIsAnIncidentWithTheProvidersCode()
      throws InterruptedException {
    ProcessOutcome outcome =
        run(
            createAndPoll(
                "Another forbidden scene [sim:fail=OutputVideoSensitiveContentDetected]", null));
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
    assertThat(outcome.incidents())
        .singleElement()
        .satisfies(
            incident ->
                assertThat(incident.errorMessage())
                    .contains("SEEDANCE_TASK_FAILED")
                    .contains("OutputVideoSensitiveContentDetected")
                    .contains("[task "));
    assertThat(simulator.count(RequestKind.CREATE)).isPositive();
  }

  @Test
  void estimateCostCallsNoProvider() throws InterruptedException {
    int before = simulator.requests().size();
    ProcessOutcome outcome =
        run(
            single(
                "estimateCost",
                "prompt",
                "A lighthouse",
                "resolution",
                "480p",
                "duration",
                10,
                "resultVariable",
                "price"));
    assertThat(outcome.state())
        .as(outcome.incidents().toString())
        .isEqualTo(ProcessOutcome.State.COMPLETED);
    assertThat(outcome.variables().get("price"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("tokens", 100_440)
        .containsEntry("upperBound", false)
        .as("BytePlus's list price, the connector's default")
        .containsEntry("price", "dreamina-seedance-2-0-fast-260128=5.6 USD")
        .containsEntry("cost", 0.5625);
    assertThat(simulator.requests()).hasSize(before);
  }

  @Test
  void aCreateOverBudgetIsAnIncidentAndReachesNoProvider() throws InterruptedException {
    int before = simulator.requests().size();
    ProcessOutcome outcome =
        run(
            single(
                "createTask",
                "prompt",
                "A long epic",
                "duration",
                15,
                "maxTokens",
                "100000",
                "resultVariable",
                "created"));
    assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
    assertThat(outcome.incidents())
        .singleElement()
        .satisfies(
            incident ->
                assertThat(incident.errorMessage())
                    .contains("SEEDANCE_OVER_BUDGET")
                    .contains("324,000 tokens")
                    .contains("budget.maxTokens 100,000"));
    assertThat(simulator.requests()).hasSize(before);
  }
}
