package dev.seedflow.seedance.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.VideoRequest;
import dev.seedflow.seedance.simulator.Fault;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every dialect against the simulator over real loopback HTTP. */
class SimulatorRoundTripTest {
  /** Two simulated seconds queued and three running pass in about 100 ms. */
  static final SimulatorSettings FAST =
      SimulatorSettings.realistic()
          .withTimes(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3))
          .withTimeScale(50);

  private SeedanceSimulator simulator;
  private SeedanceClient client;

  @BeforeEach
  void start() {
    simulator = SeedanceSimulator.start(FAST);
    client = new SeedanceClient(ClientSettings.forLocalRun());
  }

  @AfterEach
  void stop() {
    client.close();
    simulator.close();
  }

  private ProviderConfig provider(ProviderType type) {
    return new ProviderConfig(type, simulator.baseUrl(), "test-key");
  }

  private TaskSnapshot awaitFinal(ProviderConfig provider, String taskId)
      throws InterruptedException {
    return await("task " + taskId + " ends")
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.get(provider, taskId), task -> task.status().isFinal());
  }

  static Stream<Arguments> everyDialect() {
    String img = "https://example.com/a.png";
    return Stream.of(
        Arguments.of(
            ProviderType.ARK,
            VideoRequest.builder("dreamina-seedance-2-0-fast-260128")
                .prompt("a cat on a skateboard")
                .firstFrame(img)
                .returnLastFrame(true)
                .duration(5)
                .resolution("720p")
                .build()),
        Arguments.of(
            ProviderType.UNIFIED,
            VideoRequest.builder("seedance2.0-fast-720p")
                .prompt("a product turntable")
                .referenceImages(img, img)
                .aspectRatio("9:16")
                .duration(6)
                .build()),
        Arguments.of(
            ProviderType.UNIFIED_LEGACY,
            VideoRequest.builder("seedance2.0-720p")
                .prompt("a slow push-in")
                .firstFrame(img)
                .lastFrame(img)
                .duration(5)
                .aspectRatio("16:9")
                .build()),
        Arguments.of(
            ProviderType.OPENAI_COMPATIBLE,
            VideoRequest.builder("doubao-seedance-2-0-260128")
                .prompt("a story from the material")
                .referenceImages(img)
                .referenceVideos("https://example.com/m.mp4")
                .duration(8)
                .aspectRatio("16:9")
                .build()),
        Arguments.of(
            ProviderType.FAL,
            VideoRequest.builder("bytedance/seedance-2.0/fast")
                .prompt("a slow push-in")
                .firstFrame(img)
                .lastFrame(img)
                .duration(5)
                .aspectRatio("adaptive")
                .resolution("720p")
                .build()),
        Arguments.of(
            ProviderType.REPLICATE,
            VideoRequest.builder("bytedance/seedance-2.0")
                .prompt("a product turntable")
                .referenceImages(img)
                .referenceAudios("https://example.com/a.mp3")
                .duration(-1)
                .resolution("1080p")
                .build()),
        // The 2026 line, each held by the simulator to its own model's facts.
        Arguments.of(
            ProviderType.ARK,
            VideoRequest.builder("dreamina-seedance-2-5-260628")
                .prompt("carry the shot on")
                .referenceVideos("https://example.com/m.mp4")
                .referenceTaskType("extend")
                .duration(30)
                .outputFormat("mov")
                .build()),
        Arguments.of(
            ProviderType.ARK,
            VideoRequest.builder("dreamina-seedance-2-5-260628")
                .prompt("make it dusk")
                .mode(dev.seedflow.seedance.request.Mode.EDIT)
                .sourceVideo("https://example.com/m.mp4")
                .build()),
        Arguments.of(
            ProviderType.ARK,
            VideoRequest.builder("dreamina-seedance-2-5-260628")
                .prompt("a quick look")
                .draft(true)
                .build()),
        Arguments.of(
            ProviderType.ARK,
            VideoRequest.builder("dreamina-seedance-2-5-260628")
                .draftTaskId("cgt-draft-1")
                .resolution("1080p")
                .build()),
        Arguments.of(
            ProviderType.ARK,
            VideoRequest.builder("dreamina-seedance-2-0-260128")
                .prompt("a skyline")
                .resolution("4k")
                .build()),
        Arguments.of(
            ProviderType.ARK,
            VideoRequest.builder("dreamina-seedance-2-5-flash-261115")
                .prompt("a long walk")
                .duration(30)
                .build()),
        Arguments.of(
            ProviderType.FAL,
            VideoRequest.builder("bytedance/seedance-2.5/flash")
                .prompt("a long walk")
                .duration(30)
                .resolution("720p")
                .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyDialect")
  void createThenReadUntilTheVideoIsThere(ProviderType type, VideoRequest video)
      throws InterruptedException {
    ProviderConfig provider = provider(type);
    TaskSnapshot created = client.create(provider, client.validate(provider, video));
    assertThat(created.taskId()).isNotBlank();
    assertThat(created.status()).isEqualTo(TaskStatus.QUEUED);

    TaskSnapshot done = awaitFinal(provider, created.taskId());
    assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(done.taskId()).isEqualTo(created.taskId());
    assertThat(done.progress()).isEqualTo(100);
    // A fal task id ends with fal's request id, after the app (bytedance:seedance-2.0:<request
    // id>).
    assertThat(done.videoUrl())
        .startsWith(simulator.baseUrl() + "/media/")
        .contains(created.taskId().substring(created.taskId().lastIndexOf(':') + 1))
        .contains("X-Tos-Expires=86400");
    assertThat(simulator.tasksCreated()).isEqualTo(1);
    assertThat(simulator.count(RequestKind.CREATE)).isEqualTo(1);
    assertThat(simulator.requests()).allMatch(r -> r.authorized());
  }

  @Test
  void gatewaysReportProgressWhileRunning() throws InterruptedException {
    ProviderConfig unified = provider(ProviderType.UNIFIED);
    TaskSnapshot created =
        client.create(
            unified,
            client.validate(
                unified,
                VideoRequest.builder("seedance2.0-720p")
                    .prompt("p [sim:queue=0] [sim:run=10]")
                    .build()));
    TaskSnapshot running =
        await("the task reports progress")
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> client.get(unified, created.taskId()),
                task -> task.progress() != null && task.progress() > 0);
    assertThat(running.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(running.rawStatus()).isEqualTo("RUNNING");
    assertThat(running.progress()).isBetween(1, 99);
  }

  @Test
  void arkReportsUsageAndTheLastFrameButNoProgress() throws InterruptedException {
    ProviderConfig ark = provider(ProviderType.ARK);
    TaskSnapshot created =
        client.create(
            ark,
            client.validate(
                ark,
                VideoRequest.builder("dreamina-seedance-2-0-260128")
                    .prompt("p [sim:queue=0] [sim:run=10]")
                    .returnLastFrame(true)
                    .duration(5)
                    .build()));
    TaskSnapshot running =
        await("the task runs")
            .atMost(Duration.ofSeconds(5))
            .until(
                () -> client.get(ark, created.taskId()),
                task -> task.status() == TaskStatus.RUNNING);
    assertThat(running.progress()).as("Ark's task answer has no progress field").isNull();
    TaskSnapshot done = awaitFinal(ark, created.taskId());
    assertThat(done.lastFrameUrl()).contains(created.taskId());
    assertThat(done.usage().completionTokens()).isEqualTo(5L * 1280 * 720 * 24 / 1024);
    assertThat(done.model()).isEqualTo("dreamina-seedance-2-0-260128");
  }

  @Test
  void arkCancelsAQueuedTask() {
    ProviderConfig ark = provider(ProviderType.ARK);
    TaskSnapshot created =
        client.create(
            ark,
            client.validate(
                ark,
                VideoRequest.builder("dreamina-seedance-2-0-260128")
                    .prompt("p [sim:queue=600]")
                    .build()));
    assertThat(client.cancel(ark, created.taskId()).status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(client.get(ark, created.taskId()).status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(simulator.count(RequestKind.CANCEL)).isEqualTo(1);
  }

  @Test
  void arkRefusesToCancelARunningTaskWithTheProvidersWords() {
    ProviderConfig ark = provider(ProviderType.ARK);
    TaskSnapshot created =
        client.create(
            ark,
            client.validate(
                ark,
                VideoRequest.builder("dreamina-seedance-2-0-260128")
                    .prompt("p [sim:queue=0] [sim:run=600]")
                    .build()));
    SeedanceException e =
        catchThrowableOfType(SeedanceException.class, () -> client.cancel(ark, created.taskId()));
    assertThat(e.getMessage())
        .contains("only a queued task can be cancelled")
        .contains(created.taskId());
  }

  @Test
  void cancellingAFinishedTaskLeavesItAlone() throws InterruptedException {
    ProviderConfig ark = provider(ProviderType.ARK);
    TaskSnapshot created =
        client.create(
            ark,
            client.validate(
                ark, VideoRequest.builder("dreamina-seedance-2-0-260128").prompt("p").build()));
    awaitFinal(ark, created.taskId());
    assertThat(client.cancel(ark, created.taskId()).status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(simulator.count(RequestKind.CANCEL))
        .as("Ark's DELETE would erase the finished task's record")
        .isZero();
    assertThat(client.get(ark, created.taskId()).videoUrl()).isNotNull();
  }

  @Test
  void gatewaysHaveNoCancelCall() {
    ProviderConfig unified = provider(ProviderType.UNIFIED);
    TaskSnapshot created =
        client.create(
            unified,
            client.validate(
                unified,
                VideoRequest.builder("seedance2.0-720p").prompt("p [sim:queue=600]").build()));
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.cancel(unified, created.taskId()));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(e.getMessage()).contains("has no cancel call");
  }

  @Test
  void arkReadsManyTasksInOneRequest() {
    ProviderConfig ark = provider(ProviderType.ARK);
    List<String> ids =
        Stream.generate(
                () ->
                    client
                        .create(
                            ark,
                            client.validate(
                                ark,
                                VideoRequest.builder("dreamina-seedance-2-0-260128")
                                    .prompt("p")
                                    .build()))
                        .taskId())
            .limit(5)
            .toList();
    long readsBefore = simulator.count(RequestKind.READ);
    Map<String, TaskSnapshot> tasks = client.getMany(ark, ids).found();
    assertThat(tasks.keySet()).containsExactlyElementsOf(ids);
    assertThat(simulator.count(RequestKind.READ) - readsBefore).isEqualTo(1);
    assertThat(client.tasksPerRead(ark)).isEqualTo(500);
  }

  @Test
  void gatewayGetManyReadsOneByOneAndSkipsUnknownTasks() {
    ProviderConfig unified = provider(ProviderType.UNIFIED);
    String id =
        client
            .create(
                unified,
                client.validate(
                    unified, VideoRequest.builder("seedance2.0-720p").prompt("p").build()))
            .taskId();
    assertThat(client.getMany(unified, List.of(id, "task_nope")).found().keySet())
        .containsExactly(id);
    assertThat(client.tasksPerRead(unified)).isEqualTo(1);
  }

  @Test
  void statusPathFallsBackOnceOn404AndRemembersTheWorkingPath() {
    simulator.answer404On(SeedanceSimulator.GatewayStatusPath.VIDEOS_ID);
    ProviderConfig unified = provider(ProviderType.UNIFIED);
    String id =
        client
            .create(
                unified,
                client.validate(
                    unified, VideoRequest.builder("seedance2.0-720p").prompt("p").build()))
            .taskId();
    assertThat(client.get(unified, id).taskId()).isEqualTo(id);
    assertThat(client.get(unified, id).taskId()).isEqualTo(id);
    List<String> readPaths =
        simulator.requests().stream()
            .filter(r -> r.kind() == RequestKind.READ)
            .map(r -> r.path())
            .toList();
    assertThat(readPaths)
        .containsExactly(
            "/v1/videos/" + id, "/v1/videos/generations/" + id, "/v1/videos/generations/" + id);
  }

  @Test
  void anUnknownTaskIsNotFoundWithItsId() {
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.get(provider(ProviderType.ARK), "cgt-missing"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(e.getMessage()).contains("cgt-missing").contains("ResourceNotFound");
  }

  @Test
  void anInvalidRequestSendsNothing() {
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class,
            () ->
                client.create(
                    provider(ProviderType.ARK),
                    client.validate(
                        provider(ProviderType.ARK),
                        VideoRequest.builder("dreamina-seedance-2-0-260128")
                            .prompt("p")
                            .duration(30)
                            .build())));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(simulator.requests()).isEmpty();
  }

  @Test
  void aFailedTaskCarriesTheProvidersCode() throws InterruptedException {
    ProviderConfig ark = provider(ProviderType.ARK);
    String id =
        client
            .create(
                ark,
                client.validate(
                    ark,
                    VideoRequest.builder("dreamina-seedance-2-0-260128")
                        .prompt("p [sim:fail=InputImageSensitiveContentDetected]")
                        .build()))
            .taskId();
    TaskSnapshot done = awaitFinal(ark, id);
    assertThat(done.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(done.error().code()).isEqualTo("InputImageSensitiveContentDetected");
  }

  @Test
  void anExpiredTaskIsExpired() throws InterruptedException {
    ProviderConfig unified = provider(ProviderType.UNIFIED);
    String id =
        client
            .create(
                unified,
                client.validate(
                    unified,
                    VideoRequest.builder("seedance2.0-720p").prompt("p [sim:expire]").build()))
            .taskId();
    assertThat(awaitFinal(unified, id).status()).isEqualTo(TaskStatus.EXPIRED);
  }

  @Test
  void anUndocumentedStatusWordIsUnknown() {
    ProviderConfig ark = provider(ProviderType.ARK);
    String id =
        client
            .create(
                ark,
                client.validate(
                    ark, VideoRequest.builder("dreamina-seedance-2-0-260128").prompt("p").build()))
            .taskId();
    simulator.faults().next(RequestKind.READ, Fault.unknownStatusWord("warming_up"), 1);
    TaskSnapshot task = client.get(ark, id);
    assertThat(task.status()).isEqualTo(TaskStatus.UNKNOWN);
    assertThat(task.rawStatus()).isEqualTo("warming_up");
  }

  @Test
  void theProviderRejectsWhatOurValidatorCannotKnow() {
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class,
            () ->
                client.create(
                    provider(ProviderType.ARK),
                    client.validate(
                        provider(ProviderType.ARK),
                        VideoRequest.builder("doubao-seedance-9-9-000000").prompt("p").build())));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(e.getMessage())
        .contains("InvalidEndpointOrModel.NotFound")
        .contains("doubao-seedance-9-9-000000");
    assertThat(simulator.tasksCreated()).isZero();
  }

  @Test
  void aWrongKeyIsAnAuthFailureThatNamesTheSecretButNotTheKey() {
    try (SeedanceSimulator guarded = SeedanceSimulator.start(FAST.withApiKey("the-right-key"))) {
      ProviderConfig wrong =
          new ProviderConfig(ProviderType.ARK, guarded.baseUrl(), "sk-the-wrong-key-1234");
      SeedanceException e =
          catchThrowableOfType(
              SeedanceException.class,
              () ->
                  client.create(
                      wrong,
                      client.validate(
                          wrong,
                          VideoRequest.builder("dreamina-seedance-2-0-260128")
                              .prompt("p")
                              .build())));
      assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTH);
      assertThat(e.getMessage())
          .contains("SEEDANCE_API_KEY")
          .contains("AuthenticationError")
          .doesNotContain("sk-the-wrong-key-1234");
      assertThat(guarded.tasksCreated()).isZero();
    }
  }

  @Test
  void rateLimitedReadsWaitAndSucceed() {
    ProviderConfig ark = provider(ProviderType.ARK);
    String id =
        client
            .create(
                ark,
                client.validate(
                    ark, VideoRequest.builder("dreamina-seedance-2-0-260128").prompt("p").build()))
            .taskId();
    simulator.faults().next(RequestKind.READ, Fault.rateLimited(Duration.ZERO), 2);
    assertThat(client.get(ark, id).taskId()).isEqualTo(id);
    assertThat(simulator.count(RequestKind.READ)).isEqualTo(3);
  }
}
