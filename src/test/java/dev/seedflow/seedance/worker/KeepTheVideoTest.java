package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.VideoRequest;
import dev.seedflow.seedance.simulator.Fault;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import dev.seedflow.seedance.worker.inputs.LookupSecrets;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import io.camunda.connector.api.document.Document;
import io.camunda.connector.api.document.DocumentCreationRequest;
import io.camunda.connector.api.document.DocumentFactory;
import io.camunda.connector.api.document.DocumentReference;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every finished video kept as a Camunda document, end to end on the embedded engine: the worker
 * streams the simulator's real MP4 and PNG into the local runtime's document store (a folder), and
 * each way it can fail is an incident that never makes a second video.
 */
class KeepTheVideoTest {
  private static final Map<String, String> SECRETS = Map.of("SEEDANCE_API_KEY", "sk-keep");
  private static final Duration TIMEOUT = Duration.ofSeconds(40);

  private static WorkerFixture local;
  private static LocalRuntime runtime;
  private static SeedanceSimulator simulator;

  @BeforeAll
  static void start() {
    local = WorkerFixture.withQuickProvider(SECRETS);
    runtime = local.runtime;
    simulator = local.simulator;
  }

  @AfterAll
  static void stop() {
    if (local != null) local.close();
  }

  private static WorkerSettings settings(String... more) {
    Map<String, String> values = new java.util.HashMap<>(Map.of("typical-run", "PT0.3S"));
    for (int i = 0; i < more.length; i += 2) values.put(more[i], more[i + 1]);
    return WorkerSettings.of(values);
  }

  private static BpmnModelInstance generate(String prompt, Object... fields) {
    List<Object> all = new java.util.ArrayList<>(List.of(fields));
    all.addAll(List.of("prompt", prompt, "pollInterval", "PT0.2S"));
    return local.generating(all.toArray());
  }

  /**
   * A worker whose document store is the runtime's, but for how it creates documents: a stand-in
   * for a store that fails (no real S3 runs here) or a heap that runs out.
   */
  private static SeedanceWorker workerWithStore(
      java.util.function.Function<DocumentCreationRequest, Document> create) {
    DocumentFactory store =
        new DocumentFactory() {
          @Override
          public Document resolve(DocumentReference reference) {
            return runtime.documents().resolve(reference);
          }

          @Override
          public Document create(DocumentCreationRequest request) {
            return create.apply(request);
          }
        };
    return new SeedanceWorker(
            runtime.client(),
            new SeedanceClient(ClientSettings.forLocalRun()),
            new LookupSecrets(SECRETS::get),
            store,
            PriceTable.EMPTY,
            settings())
        .start();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> result(ProcessOutcome outcome) {
    return (Map<String, Object>) outcome.variables().get("generatedVideo");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void theVideoAndItsLastFrameAreKeptByteForByteAsCamundaDocuments() throws Exception {
    try (SeedanceWorker worker =
        local.worker(new SeedanceClient(ClientSettings.forLocalRun()), settings())) {
      ProcessOutcome outcome =
          runtime.run(
              generate("A lighthouse at dawn", "returnLastFrame", true, "storeTimeToLive", "P30D"),
              Map.of(),
              TIMEOUT);
      assertThat(outcome.state()).as(outcome.toString()).isEqualTo(ProcessOutcome.State.COMPLETED);
      Map<String, Object> result = result(outcome);
      String taskId = (String) result.get("taskId");

      Map<String, Object> video = map(result.get("videoDocument"));
      assertThat(video)
          .containsEntry("camunda.document.type", "camunda")
          .containsEntry("storeId", "local-folder")
          .containsEntry("contentHash", sha256(SeedanceSimulator.servedVideo()));
      assertThat(map(video.get("metadata")))
          .containsEntry("contentType", "video/mp4")
          .containsEntry("fileName", taskId + ".mp4")
          .containsEntry("size", SeedanceSimulator.servedVideo().length)
          .containsKey("expiresAt")
          .containsEntry(
              "customProperties",
              Map.of("taskId", taskId, "model", result.get("model"), "providerType", "ark"));
      assertThat(
              Files.readAllBytes(runtime.documentStore().pathOf((String) video.get("documentId"))))
          .isEqualTo(SeedanceSimulator.servedVideo());

      Map<String, Object> frame = map(result.get("lastFrameDocument"));
      assertThat(map(frame.get("metadata")))
          .containsEntry("contentType", "image/png")
          .containsEntry("fileName", taskId + ".png");
      assertThat(
              Files.readAllBytes(runtime.documentStore().pathOf((String) frame.get("documentId"))))
          .isEqualTo(SeedanceSimulator.servedLastFrame());
      assertThat(frame.get("contentHash")).isEqualTo(sha256(SeedanceSimulator.servedLastFrame()));
    }
  }

  @Test
  void switchedOffNothingIsDownloaded() throws Exception {
    long mediaBefore = simulator.count(RequestKind.MEDIA);
    try (SeedanceWorker worker =
        local.worker(new SeedanceClient(ClientSettings.forLocalRun()), settings())) {
      ProcessOutcome outcome =
          runtime.run(generate("Only the link", "storeVideo", false), Map.of(), TIMEOUT);
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
      assertThat(result(outcome)).containsEntry("videoDocument", null).containsKey("videoUrl");
    }
    assertThat(simulator.count(RequestKind.MEDIA)).isEqualTo(mediaBefore);
  }

  @Test
  void aVideoOverTheSizeLimitIsAnIncidentThatKeepsItsUrl() throws Exception {
    try (SeedanceWorker worker =
        local.worker(
            new SeedanceClient(ClientSettings.forLocalRun()), settings("store-max-size", "10KB"))) {
      ProcessOutcome outcome = runtime.run(generate("Too long a film"), Map.of(), TIMEOUT);
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
      assertThat(outcome.incidents().getFirst().errorMessage())
          .contains("SEEDANCE_STORE_FAILED")
          .contains("over the 10240 bytes limit")
          .contains(simulator.baseUrl() + "/media/")
          .contains("never makes a new video");
    }
  }

  @Test
  void anExpiredUrlIsAnIncident() throws Exception {
    ProviderConfig ark = new ProviderConfig(ProviderType.ARK, simulator.baseUrl(), "sk-keep");
    SeedanceClient client = new SeedanceClient(ClientSettings.forLocalRun());
    String taskId =
        client
            .create(
                ark,
                client.validate(
                    ark,
                    VideoRequest.builder("dreamina-seedance-2-0-fast-260128")
                        .prompt("Made yesterday")
                        .build()))
            .taskId();
    await("the task ends")
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.get(ark, taskId).status().isFinal());
    simulator.expireMediaLinks();
    Map<String, Object> entries =
        TemplateApplier.fields("await", "taskId", taskId, "pollInterval", "PT0.2S");
    entries.put("await:arkBaseUrl", simulator.baseUrl());
    try (SeedanceWorker worker = local.worker(client, settings())) {
      ProcessOutcome outcome =
          runtime.run(WorkerFixture.oneStep(local.await, entries), Map.of(), TIMEOUT);
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
      assertThat(outcome.incidents().getFirst().errorMessage())
          .contains("SEEDANCE_STORE_FAILED")
          .contains("answered 403")
          .contains("expired");
    }
  }

  @Test
  void aRedirectToAPrivateAddressIsRefusedAndNotFollowed() throws Exception {
    try (SeedanceSimulator redirecting =
            SeedanceSimulator.start(SimulatorSettings.realistic().withTimeScale(20));
        SeedanceWorker worker =
            local.worker(new SeedanceClient(ClientSettings.forLocalRun()), settings())) {
      // The Location a hostile storage sends even carries the API key: quoted, it must be redacted.
      redirecting.redirectMediaTo("http://169.254.169.254/latest/meta-data/?key=sk-keep");
      Map<String, Object> entries =
          TemplateApplier.fields(
              "generate",
              "prompt",
              "Follow me [sim:queue=0.2] [sim:run=0.5]",
              "pollInterval",
              "PT0.2S");
      entries.put("generate:arkBaseUrl", redirecting.baseUrl());
      ProcessOutcome outcome =
          runtime.run(WorkerFixture.oneStep(local.generate, entries), Map.of(), TIMEOUT);
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
      assertThat(outcome.incidents().getFirst().errorMessage())
          .contains("SEEDANCE_STORE_FAILED")
          .contains("169.254.169.254")
          .contains("refused and was not followed")
          .contains("key=***")
          .doesNotContain("sk-keep");
    }
  }

  /**
   * An unreachable document store, stood in for by the runtime's own store behind a switch that
   * fails its creates (no real S3 runs here): an incident, and a retry keeps the video from the
   * same task.
   */
  @Test
  void aStoreFailureIsAnIncidentAndTheRetryKeepsTheVideoWithoutANewTask() throws Exception {
    AtomicBoolean storeDown = new AtomicBoolean(true);
    String prompt = "Stored at last";
    try (SeedanceWorker worker =
        workerWithStore(
            request -> {
              if (storeDown.get())
                throw new IllegalStateException(
                    "Connection refused: s3.eu-central-1.amazonaws.com");
              return runtime.documents().create(request);
            })) {
      long instance = runtime.start(generate(prompt), Map.of());
      ProcessOutcome outcome = runtime.records().await(instance, TIMEOUT);
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
      assertThat(outcome.incidents().getFirst().errorMessage())
          .contains("SEEDANCE_STORE_FAILED")
          .contains("Connection refused");

      storeDown.set(false);
      Map.Entry<Long, IncidentRecordValue> incident =
          runtime.records().openIncidents(List.of(instance)).entrySet().iterator().next();
      runtime
          .client()
          .newUpdateRetriesCommand(incident.getValue().getJobKey())
          .retries(1)
          .send()
          .join();
      runtime.client().newResolveIncidentCommand(incident.getKey()).send().join();
      outcome = runtime.records().await(instance, TIMEOUT);
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
      assertThat(map(result(outcome).get("videoDocument")))
          .containsEntry("contentHash", sha256(SeedanceSimulator.servedVideo()));
    }
    assertThat(simulator.tasksWithPrompt(prompt)).hasSize(1);
  }

  /**
   * A heap too small for the video, stood in for by a store that runs out of memory: an incident
   * that keeps the URL, not a stuck job.
   */
  @Test
  void runningOutOfMemoryWhileKeepingIsAnIncidentThatKeepsTheUrl() throws Exception {
    try (SeedanceWorker worker =
        workerWithStore(
            request -> {
              throw new OutOfMemoryError("Java heap space (injected)");
            })) {
      ProcessOutcome outcome = runtime.run(generate("Too big for the heap"), Map.of(), TIMEOUT);
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
      assertThat(outcome.incidents().getFirst().errorMessage())
          .contains("SEEDANCE_STORE_FAILED")
          .contains("OutOfMemoryError")
          .contains(simulator.baseUrl() + "/media/")
          .contains("never makes a new video");
    }
  }

  @Test
  void aWorkerStoppedMidDownloadLeavesTheJobToTheNextWhichDownloadsAgainFromTheSameTask()
      throws Exception {
    String prompt = "Interrupted delivery";
    long mediaBefore = simulator.count(RequestKind.MEDIA);
    WorkerSettings shortLived = settings("job-timeout", "PT1S");
    long instance;
    try (SeedanceWorker first =
        local.worker(new SeedanceClient(ClientSettings.forLocalRun()), shortLived)) {
      simulator.faults().next(RequestKind.MEDIA, Fault.slowAnswer(Duration.ofSeconds(5)), 1);
      instance = runtime.start(generate(prompt), Map.of());
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (simulator.count(RequestKind.MEDIA) == mediaBefore && System.nanoTime() < deadline)
        Thread.sleep(20);
      assertThat(simulator.count(RequestKind.MEDIA))
          .as("the download began")
          .isGreaterThan(mediaBefore);
    } // stopped mid-download
    try (SeedanceWorker second =
        local.worker(new SeedanceClient(ClientSettings.forLocalRun()), shortLived)) {
      ProcessOutcome outcome = runtime.records().await(instance, TIMEOUT);
      assertThat(outcome.state()).as(outcome.toString()).isEqualTo(ProcessOutcome.State.COMPLETED);
      assertThat(map(result(outcome).get("videoDocument")))
          .containsEntry("contentHash", sha256(SeedanceSimulator.servedVideo()));
    }
    assertThat(simulator.tasksWithPrompt(prompt)).hasSize(1);
    assertThat(simulator.count(RequestKind.MEDIA) - mediaBefore).isGreaterThanOrEqualTo(2);
  }
}
