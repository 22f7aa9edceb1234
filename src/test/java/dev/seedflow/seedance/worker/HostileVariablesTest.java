package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import dev.seedflow.seedance.client.ClientSettings;
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
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import dev.seedflow.seedance.worker.submit.LostCreates;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a careless or hostile hand can put into a process's variables, and a provider into its
 * answers, on the embedded engine with the worker: secrets stay where they belong, the key never
 * reaches an incident, and a create whose outcome is unknown is never paid for twice, however often
 * its job comes back.
 */
class HostileVariablesTest {
  private static final String KEY = "sk-hostile-worker-key";
  private static final String OTHER_SECRET = "hunter2-db-password";
  private static final Map<String, String> SECRETS =
      Map.of("SEEDANCE_API_KEY", KEY, "OTHER_SECRET", OTHER_SECRET);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static WorkerFixture local;
  private static LocalRuntime runtime;
  private static SeedanceSimulator simulator;

  @BeforeAll
  static void start() {
    local = WorkerFixture.start(SECRETS);
    runtime = local.runtime;
    simulator =
        SeedanceSimulator.start(
            SimulatorSettings.realistic()
                .withTimes(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withTimeScale(4));
  }

  @AfterAll
  static void stop() {
    if (local != null) local.close();
    if (simulator != null) simulator.close();
  }

  private static SeedanceWorker worker(SeedanceClient client, WorkerSettings settings) {
    return local.worker(client, settings);
  }

  /**
   * One step of {@code template} on Ark at {@code baseUrl}, read every 0.2 s, with the fields
   * given.
   */
  /** A scripted provider on loopback, started, answering every request with {@code answer}. */
  private static MockWebServer provider(
      java.util.function.Function<RecordedRequest, MockResponse> answer)
      throws java.io.IOException {
    MockWebServer provider = new MockWebServer();
    provider.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return answer.apply(request);
          }
        });
    provider.start();
    return provider;
  }

  private static BpmnModelInstance step(
      TemplateApplier template, String operation, String baseUrl, Object... fields) {
    Map<String, Object> entries = TemplateApplier.fields(operation, fields);
    entries.putAll(
        TemplateApplier.fields(operation, "arkBaseUrl", baseUrl, "pollInterval", "PT0.2S"));
    return WorkerFixture.oneStep(template, entries);
  }

  @Test
  void aSecretReferenceInAPromptIsRefusedNeverResolved() throws Exception {
    int before = simulator.tasksCreated();
    try (SeedanceWorker worker =
        worker(new SeedanceClient(ClientSettings.forLocalRun()), WorkerSettings.defaults())) {
      // As a form field would fill it: the reference arrives in a variable, not in the model.
      BpmnModelInstance model =
          step(local.generate, "generate", simulator.baseUrl(), "prompt", "=brief");
      ProcessOutcome outcome =
          runtime.run(model, Map.of("brief", "tell {{secrets.OTHER_SECRET}}"), TIMEOUT);
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
      assertThat(outcome.incidents())
          .singleElement()
          .satisfies(
              incident ->
                  assertThat(incident.errorMessage())
                      .contains("SEEDANCE_INVALID_INPUT")
                      .contains("video.prompt holds a secret reference")
                      .contains("provider.apiKey and provider.baseUrl")
                      .doesNotContain(OTHER_SECRET));
    }
    assertThat(simulator.tasksCreated()).as("nothing was sent").isEqualTo(before);
  }

  @Test
  void aSecretReferenceAsTaskIdIsRefusedAndNeverSent() throws Exception {
    long reads = simulator.count(RequestKind.READ);
    try (SeedanceWorker worker =
        worker(new SeedanceClient(ClientSettings.forLocalRun()), WorkerSettings.defaults())) {
      for (String secret : new String[] {"OTHER_SECRET", "SEEDANCE_API_KEY"}) {
        ProcessOutcome outcome =
            runtime.run(
                step(
                    local.await,
                    "await",
                    simulator.baseUrl(),
                    "taskId",
                    "{{secrets." + secret + "}}"),
                Map.of(),
                TIMEOUT);
        assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
        assertThat(outcome.incidents())
            .singleElement()
            .satisfies(
                incident ->
                    assertThat(incident.errorMessage())
                        .contains("task.id holds a secret reference")
                        .doesNotContain(OTHER_SECRET)
                        .doesNotContain(KEY));
      }
    }
    assertThat(simulator.count(RequestKind.READ)).as("no status read went out").isEqualTo(reads);
  }

  @Test
  void theKeyEchoedInATaskErrorNeverReachesTheIncident() throws Exception {
    try (SeedanceWorker worker =
        worker(new SeedanceClient(ClientSettings.forLocalRun()), WorkerSettings.defaults())) {
      ProcessOutcome outcome =
          runtime.run(
              step(
                  local.generate,
                  "generate",
                  simulator.baseUrl(),
                  "prompt",
                  "Fails [sim:fail=Bearer " + KEY + "]"),
              Map.of(),
              TIMEOUT);
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
      assertThat(outcome.incidents())
          .singleElement()
          .satisfies(
              incident ->
                  assertThat(incident.errorMessage())
                      .contains("SEEDANCE_TASK_FAILED")
                      .contains("Bearer ***")
                      .doesNotContain(KEY));
    }
  }

  @Test
  void aCreateWhoseAnswerNeverEndsIsPaidOnceAndItsTaskIsFoundInTheProvidersList() throws Exception {
    AtomicInteger creates = new AtomicInteger();
    AtomicReference<String> seed = new AtomicReference<>();
    AtomicReference<String> model = new AtomicReference<>();
    try (MockWebServer provider =
        provider(
            request -> {
              if (request.getMethod().equals("POST")) {
                creates.incrementAndGet();
                seed.set(request.getBody().utf8().replaceAll("(?s).*\"seed\":([0-9]+).*", "$1"));
                model.set(
                    request.getBody().utf8().replaceAll("(?s).*\"model\":\"([^\"]+)\".*", "$1"));
                // Taken and answered 200, then one byte every 2 s: no read timeout ever fires.
                return new MockResponse.Builder()
                    .code(200)
                    .body("{\"id\": \"cgt-trickled\"}" + " ".repeat(60))
                    .throttleBody(1, 2, TimeUnit.SECONDS)
                    .build();
              }
              String task =
                  "{\"id\": \"cgt-trickled\", \"model\": \""
                      + model.get()
                      + "\", \"status\": \"failed\", \"seed\": "
                      + seed.get()
                      + ", \"created_at\": "
                      + Instant.now().getEpochSecond()
                      + ", \"error\": {\"code\": \"OutputVideoSensitiveContentDetected\","
                      + " \"message\": \"no\"}}";
              // The provider's list (the worker looks there for the lost create), then the task
              // itself.
              return new MockResponse.Builder()
                  .code(200)
                  .body(
                      request.getUrl().queryParameter("filter.model") != null
                          ? "{\"total\": 1, \"items\": [" + task + "]}"
                          : task)
                  .build();
            })) {
      SeedanceClient client =
          new SeedanceClient(
              ClientSettings.forLocalRun()
                  .withCallTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3)));
      // The job times out four times faster than the create's deadline: before, each return paid
      // again.
      try (SeedanceWorker worker =
          worker(
              client,
              WorkerSettings.of(
                  Map.of("job-timeout", "PT0.75S", "lost-create-margin", "PT0.5S")))) {
        long instance =
            runtime.start(
                step(local.generate, "generate", provider.url("/").toString(), "prompt", "A clip"),
                Map.of());
        ProcessOutcome outcome = runtime.records().await(instance, TIMEOUT);
        assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
        assertThat(outcome.incidents())
            .first()
            .satisfies(
                incident ->
                    assertThat(incident.errorMessage())
                        .as("the task the lost create made was found and waited for")
                        .contains("SEEDANCE_TASK_FAILED")
                        .contains("cgt-trickled"));
        Thread.sleep(4000); // longer than the create's deadline and several job timeouts
        assertThat(creates.get()).as("one create, however often the job came back").isEqualTo(1);
      }
    }
  }

  @Test
  void aCreateAnswered500AfterTheProviderTookItIsResumedAndPaidOnce() throws Exception {
    simulator.faults().next(RequestKind.CREATE, Fault.takenThenServerError(500), 1);
    SeedanceClient client =
        new SeedanceClient(
            ClientSettings.forLocalRun()
                .withCallTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2)));
    try (SeedanceWorker worker =
        worker(
            client,
            WorkerSettings.of(Map.of("typical-run", "PT1S", "lost-create-margin", "PT0.5S")))) {
      long instance =
          runtime.start(
              step(
                  local.generate,
                  "generate",
                  simulator.baseUrl(),
                  "prompt",
                  "Taken, then 500",
                  "pollInterval",
                  "PT0.2S"),
              Map.of());
      ProcessOutcome outcome = runtime.records().await(instance, TIMEOUT);
      assertThat(outcome.state()).as(outcome.toString()).isEqualTo(ProcessOutcome.State.COMPLETED);
      List<String> paid = simulator.tasksWithPrompt("Taken, then 500");
      assertThat(paid).as("tasks paid for the video").hasSize(1);
      assertThat(outcome.variables())
          .extractingByKey("generatedVideo", MAP)
          .containsEntry("taskId", paid.getFirst());
    }
  }

  /**
   * No person on Replicate either: a create Replicate took but answered 500 is found in its list of
   * predictions ({@code GET /v1/predictions}) by the seed the worker picked, and waited for; one
   * paid task.
   */
  @Test
  void aReplicateCreateAnswered500AfterItWasTakenIsFoundInItsListAndPaidOnce() throws Exception {
    simulator.faults().next(RequestKind.CREATE, Fault.takenThenServerError(500), 1);
    SeedanceClient client =
        new SeedanceClient(
            ClientSettings.forLocalRun()
                .withCallTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2)));
    try (SeedanceWorker worker =
        worker(
            client,
            WorkerSettings.of(Map.of("typical-run", "PT1S", "lost-create-margin", "PT0.5S")))) {
      Map<String, Object> entries =
          TemplateApplier.fields(
              "generate",
              "providerType",
              "replicate",
              "hostBaseUrl",
              simulator.baseUrl(),
              "prompt",
              "Taken by Replicate, then 500",
              "pollInterval",
              "PT0.2S");
      long instance = runtime.start(WorkerFixture.oneStep(local.generate, entries), Map.of());
      ProcessOutcome outcome = runtime.records().await(instance, TIMEOUT);
      assertThat(outcome.state()).as(outcome.toString()).isEqualTo(ProcessOutcome.State.COMPLETED);
      List<String> paid = simulator.tasksWithPrompt("Taken by Replicate, then 500");
      assertThat(paid).as("tasks paid for the video").hasSize(1);
      assertThat(outcome.variables())
          .extractingByKey("generatedVideo", MAP)
          .containsEntry("taskId", paid.getFirst());
      assertThat(
              simulator.requests().stream()
                  .filter(r -> r.path().equals("/v1/predictions") && r.method().equals("GET")))
          .as("the list was read")
          .isNotEmpty();
    }
  }

  @Test
  void aProviderThatTakesEveryCreateAndListsNoneIsPaidAtMostThreeTimesThenAPersonDecides()
      throws Exception {
    AtomicInteger creates = new AtomicInteger();
    try (MockWebServer provider =
        provider(
            request -> {
              if (request.getMethod().equals("POST")) {
                creates.incrementAndGet();
                return new MockResponse.Builder()
                    .code(500)
                    .body(
                        "{\"error\": {\"code\": \"InternalServiceError\", \"message\": \"taken, in"
                            + " truth\"}}")
                    .build();
              }
              return new MockResponse.Builder()
                  .code(200)
                  .body("{\"total\": 0, \"items\": []}")
                  .build();
            })) {
      SeedanceClient client =
          new SeedanceClient(
              ClientSettings.forLocalRun()
                  .withCallTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(1)));
      try (SeedanceWorker worker =
          worker(client, WorkerSettings.of(Map.of("lost-create-margin", "PT0.2S")))) {
        long instance =
            runtime.start(
                step(local.generate, "generate", provider.url("/").toString(), "prompt", "A clip"),
                Map.of());
        // Three lost creates, each looked for 5 s + 1 s + 0.2 s after its intent.
        ProcessOutcome outcome = runtime.records().await(instance, TIMEOUT.multipliedBy(2));
        assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
        assertThat(outcome.incidents())
            .first()
            .satisfies(
                incident ->
                    assertThat(incident.errorMessage())
                        .contains("SEEDANCE_SUBMIT_OUTCOME_UNKNOWN")
                        .contains("showed no task for 3 creates")
                        .contains("seed ")
                        .contains("HTTP 500"));
        assertThat(creates.get()).isEqualTo(LostCreates.MOST_CREATES);
      }
    }
  }

  @Test
  void anAbsurdDurationInAStatusAnswerDropsNoJobAndBlocksNoOther() throws Exception {
    AtomicInteger creates = new AtomicInteger();
    AtomicInteger reads = new AtomicInteger();
    try (MockWebServer provider =
        provider(
            request -> {
              if (request.getMethod().equals("POST")) {
                return new MockResponse.Builder()
                    .code(200)
                    .body("{\"id\": \"cgt-absurd-" + creates.incrementAndGet() + "\"}")
                    .build();
              }
              // Every task runs for three reads with a duration of 2,000,000,000 s, then succeeds.
              String id = request.getUrl().queryParameter("filter.task_ids");
              String status = reads.incrementAndGet() % 4 == 0 ? "succeeded" : "running";
              String task =
                  "{\"id\": \""
                      + id
                      + "\", \"model\": \"dreamina-seedance-2-0-260128\", \"status\": \""
                      + status
                      + "\", \"duration\": 2000000000, "
                      + "\"content\": {\"video_url\": \"https://cdn.example.com/v.mp4\"}}";
              return new MockResponse.Builder()
                  .code(200)
                  .body("{\"total\": 1, \"items\": [" + task + "]}")
                  .build();
            })) {
      // One unfinished task at a time: a job dropped with its slot held would keep the second from
      // ever being submitted.
      try (SeedanceWorker worker =
          worker(
              new SeedanceClient(ClientSettings.forLocalRun()),
              WorkerSettings.of(Map.of("typical-run", "PT1S", "max-unfinished-tasks", "1")))) {
        BpmnModelInstance model =
            step(
                local.generate,
                "generate",
                provider.url("/").toString(),
                "prompt",
                "A clip",
                "pollInterval",
                "PT0.2S",
                "storeVideo",
                false);
        long first = runtime.start(model, Map.of());
        long second = runtime.start(model, Map.of());
        assertThat(runtime.records().await(first, TIMEOUT).state())
            .isEqualTo(ProcessOutcome.State.COMPLETED);
        assertThat(runtime.records().await(second, TIMEOUT).state())
            .isEqualTo(ProcessOutcome.State.COMPLETED);
        assertThat(creates.get()).isEqualTo(2);
      }
    }
  }

  @Test
  void aRetryAfterOfYearsOnAStatusReadClosesTheKeysBudgetOnlyForTheCap() throws Exception {
    SeedanceClient client =
        new SeedanceClient(
            ClientSettings.forLocalRun()
                .withLongestRetryAfterWait(Duration.ZERO)
                .withRetryAfterCap(Duration.ofSeconds(1)));
    try (SeedanceWorker worker = worker(client, WorkerSettings.of(Map.of("typical-run", "PT1S")))) {
      BpmnModelInstance model =
          step(
              local.generate,
              "generate",
              simulator.baseUrl(),
              "prompt",
              "One of two on the same key");
      simulator.faults().next(RequestKind.READ, Fault.rateLimited(Duration.ofDays(3650)), 1);
      long first = runtime.start(model, Map.of());
      long second = runtime.start(model, Map.of());
      assertThat(runtime.records().await(first, TIMEOUT).state())
          .isEqualTo(ProcessOutcome.State.COMPLETED);
      assertThat(runtime.records().await(second, TIMEOUT).state())
          .isEqualTo(ProcessOutcome.State.COMPLETED);
      assertThat(simulator.faults().injected()).containsEntry("RateLimited", 1);
    }
  }

  @Test
  void aResultUrlThatPointsInsideIsAnIncidentAndNeverStored() throws Exception {
    try (MockWebServer provider =
        provider(
            request -> {
              return new MockResponse.Builder()
                  .code(200)
                  .addHeader("Content-Type", "application/json")
                  .body(
                      request.getMethod().equals("POST")
                          ? "{\"id\": \"cgt-hostile\"}"
                          : "{\"id\": \"cgt-hostile\", \"status\": \"succeeded\", \"content\":"
                              + " {\"video_url\": \"file:///etc/passwd\"}}")
                  .build();
            })) {
      try (SeedanceWorker worker =
          worker(
              new SeedanceClient(ClientSettings.forLocalRun()),
              WorkerSettings.of(Map.of("typical-run", "PT1S")))) {
        ProcessOutcome outcome =
            runtime.run(
                step(local.generate, "generate", provider.url("/").toString(), "prompt", "A clip"),
                Map.of(),
                TIMEOUT);
        assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
        assertThat(outcome.incidents())
            .singleElement()
            .satisfies(
                incident ->
                    assertThat(incident.errorMessage())
                        .contains("SEEDANCE_BAD_RESPONSE")
                        .contains("file:///etc/passwd")
                        .contains("refused and was not followed")
                        .contains("[task cgt-hostile]"));
        assertThat(outcome.variables()).doesNotContainKey("generatedVideo");
      }
    }
  }

  @Test
  void aJobThatComesBackWithAnIntentAndNoTaskIdRaisesAnIncidentThenResumesTheTaskSetByHand()
      throws Exception {
    long before = simulator.count(RequestKind.CREATE);
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("intent")
            .startEvent()
            .serviceTask(
                "video",
                t -> {
                  local
                      .generate
                      .apply(
                          TemplateApplier.fields(
                              "generate",
                              "arkBaseUrl",
                              simulator.baseUrl(),
                              "pollInterval",
                              "PT0.2S",
                              "prompt",
                              "A clip"))
                      .accept(t);
                  // What a worker killed between storing its intent and storing the task id leaves
                  // behind.
                  t.zeebeInputExpression(
                      "{attemptId: \"attempt-7\", at: \"2026-11-27T10:00:00Z\", model:"
                          + " \"dreamina-seedance-2-0-260128\"}",
                      WorkerVariables.SUBMIT_INTENT);
                })
            .endEvent()
            .done();
    try (SeedanceWorker worker =
        worker(
            new SeedanceClient(ClientSettings.forLocalRun()),
            WorkerSettings.of(Map.of("typical-run", "PT1S")))) {
      long instance = runtime.start(model, Map.of());
      ProcessOutcome outcome = runtime.records().await(instance, TIMEOUT);
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
      assertThat(outcome.incidents())
          .singleElement()
          .satisfies(
              incident ->
                  assertThat(incident.errorMessage())
                      .contains("SEEDANCE_SUBMIT_OUTCOME_UNKNOWN")
                      .contains("attempt attempt-7")
                      .contains("2026-11-27T10:00:00Z")
                      .contains("dreamina-seedance-2-0-260128")
                      .contains("set the local variable seedanceTaskId")
                      .contains("seedanceSubmitIntent to null"));
      assertThat(simulator.count(RequestKind.CREATE))
          .as("never submitted blindly")
          .isEqualTo(before);

      // The way on that the incident names: the task the provider has, set by hand, then the
      // incident retried.
      ProviderConfig ark = new ProviderConfig(ProviderType.ARK, simulator.baseUrl(), KEY);
      SeedanceClient client = new SeedanceClient(ClientSettings.forLocalRun());
      String taskId =
          client
              .create(
                  ark,
                  client.validate(
                      ark,
                      VideoRequest.builder("dreamina-seedance-2-0-260128")
                          .prompt("The lost one")
                          .build()))
              .taskId();
      IncidentRecordValue incident = openIncident(instance);
      runtime
          .client()
          .newSetVariablesCommand(incident.getElementInstanceKey())
          .variables(Map.of(WorkerVariables.TASK_ID, taskId))
          .local(true)
          .send()
          .join();
      runtime.client().newUpdateRetriesCommand(incident.getJobKey()).retries(1).send().join();
      runtime.client().newResolveIncidentCommand(incidentKey(instance)).send().join();
      ProcessOutcome resumed = runtime.records().await(instance, TIMEOUT);
      assertThat(resumed.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
      assertThat(resumed.variables().get("generatedVideo"))
          .asInstanceOf(MAP)
          .containsEntry("taskId", taskId)
          .containsEntry("status", "succeeded");
    }
  }

  private static IncidentRecordValue openIncident(long instance) {
    for (Record<?> record : runtime.engine().records()) {
      if (record.getIntent() == IncidentIntent.CREATED
          && record.getValue() instanceof IncidentRecordValue value
          && value.getProcessInstanceKey() == instance) {
        return value;
      }
    }
    throw new AssertionError("no incident for instance " + instance);
  }

  private static long incidentKey(long instance) {
    for (Record<?> record : runtime.engine().records()) {
      if (record.getIntent() == IncidentIntent.CREATED
          && record.getValue() instanceof IncidentRecordValue value
          && value.getProcessInstanceKey() == instance) {
        return record.getKey();
      }
    }
    throw new AssertionError("no incident for instance " + instance);
  }
}
