package dev.seedflow.seedance.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.FingerprintedRequest;
import dev.seedflow.seedance.client.LostCreate;
import dev.seedflow.seedance.client.RetryPolicy;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.VideoRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator behaves like a provider: it checks requests, answers with provider error bodies,
 * and injects faults.
 */
class SeedanceSimulatorTest {
  private static final ObjectMapper JSON = Json.mapper();
  private static final String KEY = "sim-key-42";
  private static final VideoRequest VIDEO =
      VideoRequest.builder("dreamina-seedance-2-0-260128").prompt("a cat").build();

  private final SeedanceSimulator simulator =
      SeedanceSimulator.start(
          SimulatorSettings.realistic()
              .withTimes(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2))
              .withTimeScale(50));
  private final SeedanceClient client =
      new SeedanceClient(
          ClientSettings.forLocalRun()
              .withReadTimeout(Duration.ofMillis(300))
              .withCallTimeouts(Duration.ofSeconds(45), Duration.ofMillis(500))
              .withRetries(
                  new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(50)),
                  new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(50))));
  private final ProviderConfig ark = new ProviderConfig(ProviderType.ARK, simulator.baseUrl(), KEY);

  @AfterEach
  void stop() {
    client.close();
    simulator.close();
  }

  private JsonNode post(String path, String body, int expectedStatus) throws Exception {
    try (Response response =
        new OkHttpClient()
            .newCall(
                new Request.Builder()
                    .url(simulator.baseUrl() + path)
                    .header("Authorization", "Bearer " + KEY)
                    .post(RequestBody.create(body, MediaType.get("application/json")))
                    .build())
            .execute()) {
      assertThat(response.code()).isEqualTo(expectedStatus);
      return JSON.readTree(response.body().string());
    }
  }

  @Test
  void aResetConnectionOnAReadIsRetriedSafely() {
    String id = client.create(ark, client.validate(ark, VIDEO)).taskId();
    simulator.faults().next(RequestKind.READ, Fault.resetConnection(), 1);
    assertThat(client.get(ark, id).taskId()).isEqualTo(id);
    assertThat(simulator.count(RequestKind.READ)).isEqualTo(2);
  }

  @Test
  void readsBeyondAKeysRateAreRefusedWithoutRetryAfterAndOtherKeysAreNot() throws Exception {
    String id = client.create(ark, client.validate(ark, VIDEO)).taskId();
    simulator.limitReadsPerMinute(60); // one a second, a burst of one
    assertThat(client.getMany(ark, List.of(id)).found()).containsKey(id);
    SeedanceException refused =
        catchThrowableOfType(SeedanceException.class, () -> client.getMany(ark, List.of(id)));
    assertThat(refused.errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(refused.retryAfter()).isEmpty();
    assertThat(refused.providerCode()).contains("RateLimitExceeded.EndpointRPMExceeded");
    ProviderConfig otherKey =
        new ProviderConfig(ProviderType.ARK, simulator.baseUrl(), "sim-key-other");
    assertThat(client.getMany(otherKey, List.of(id)).found())
        .as("each key has its own rate")
        .containsKey(id);
    assertThat(simulator.readsRefusedForRate()).hasSize(1);
    assertThat(simulator.count(RequestKind.CREATE))
        .as("creates have limits of their own")
        .isEqualTo(1);
  }

  @Test
  void aCreateAnswerThatHangsIsOutcomeUnknownWithExactlyOneTaskAtTheProvider() throws Exception {
    simulator.faults().next(RequestKind.CREATE, Fault.slowAnswer(Duration.ofSeconds(5)), 1);
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.create(ark, client.validate(ark, VIDEO)));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SUBMIT_OUTCOME_UNKNOWN);
    // Nothing may follow: for a while after the unknown outcome, the simulator still holds one
    // task.
    await("no second task")
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(1))
        .until(() -> simulator.tasksCreated() == 1);
    assertThat(simulator.count(RequestKind.CREATE)).isEqualTo(1);
  }

  @Test
  void aMalformedCreateAnswerIsOutcomeUnknownAndTheTaskExists() {
    simulator.faults().next(RequestKind.CREATE, Fault.malformedBody(), 1);
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.create(ark, client.validate(ark, VIDEO)));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SUBMIT_OUTCOME_UNKNOWN);
    assertThat(simulator.tasksCreated()).isEqualTo(1);
  }

  @Test
  void aBurstOf429OnCreateIsRetriedWithoutADuplicate() {
    simulator.faults().next(RequestKind.CREATE, Fault.rateLimited(Duration.ZERO), 2);
    assertThat(client.create(ark, client.validate(ark, VIDEO)).taskId()).isNotNull();
    assertThat(simulator.count(RequestKind.CREATE)).isEqualTo(3);
    assertThat(simulator.tasksCreated()).isEqualTo(1);
  }

  @Test
  void a500AfterTheCreateWasTakenIsNotSentAgainAndTheListFindsTheTask() {
    simulator.faults().next(RequestKind.CREATE, Fault.takenThenServerError(500), 1);
    FingerprintedRequest request = client.fingerprinted(ark, client.validate(ark, VIDEO));
    Instant sent = simulator.now().minusSeconds(1);
    SeedanceException e =
        catchThrowableOfType(SeedanceException.class, () -> client.create(ark, request.request()));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SUBMIT_OUTCOME_UNKNOWN);
    assertThat(simulator.count(RequestKind.CREATE)).isEqualTo(1);
    assertThat(simulator.tasksCreated()).isEqualTo(1);
    assertThat(client.findLostCreate(ark, request.fingerprint(), sent))
        .isInstanceOfSatisfying(
            LostCreate.Found.class,
            found ->
                assertThat(found.task().taskId())
                    .isEqualTo(simulator.tasksWithPrompt(VIDEO.prompt()).getFirst()));
  }

  @Test
  void aStuckTaskStaysRunning() throws Exception {
    String id =
        client
            .create(
                ark,
                client.validate(
                    ark,
                    VideoRequest.builder("dreamina-seedance-2-0-260128")
                        .prompt("p [sim:stuck]")
                        .build()))
            .taskId();
    // A stuck task stays running past the 3 simulated seconds it would need.
    await("the stuck task stays running")
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(1))
        .until(() -> client.get(ark, id).status() == TaskStatus.RUNNING);
  }

  @Test
  void aPausedClockHoldsTasksWhereTheyAreUntilItResumes() throws Exception {
    simulator.pauseClock();
    String id = client.create(ark, client.validate(ark, VIDEO)).taskId();
    // A paused clock holds the task queued for 10 simulated seconds, past the 3 it needs.
    await("the task stays queued")
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(1))
        .until(() -> client.get(ark, id).status() == TaskStatus.QUEUED);
    assertThat(simulator.finishedAt(id)).isEmpty();
    Instant resumed = Instant.now();
    simulator.resumeClock();
    assertThat(
            await("the task ends once the clock runs")
                .atMost(Duration.ofSeconds(10))
                .until(() -> client.get(ark, id).status(), TaskStatus::isFinal))
        .isEqualTo(TaskStatus.SUCCEEDED);
    // It finished 3 simulated seconds (60 ms) after the resume, not while the clock stood still.
    assertThat(simulator.finishedAt(id).orElseThrow()).isAfter(resumed);
  }

  @Test
  void theLegacyGatewayWantsAnOperationForAVideo() throws Exception {
    JsonNode error =
        post(
            "/v1/video/generations",
            "{\"model\": \"seedance2.0-720p\", \"prompt\": \"p\", \"video\": \"https://e/v.mp4\","
                + " \"duration\": 5}",
            400);
    assertThat(error.at("/error/message").asText()).contains("edit_video or extend_video");
    assertThat(simulator.tasksCreated()).isZero();
  }

  @Test
  void theOpenAiGatewayRequiresAPrompt() throws Exception {
    JsonNode error =
        post("/v1/videos", "{\"model\": \"doubao-seedance-2-0-260128\", \"mode\": \"t2v\"}", 400);
    assertThat(error.at("/error/code").asText()).isEqualTo("invalid_request_error");
    assertThat(error.at("/error/message").asText()).contains("prompt is required");
  }

  @Test
  void arkRejectsFramesOnSeedance2AsArkDoes() throws Exception {
    JsonNode error =
        post(
            "/api/v3/contents/generations/tasks",
            "{\"model\": \"dreamina-seedance-2-0-260128\", \"content\": [{\"type\": \"text\","
                + " \"text\": \"p\"}], \"frames\": 121}",
            400);
    assertThat(error.at("/error/code").asText()).isEqualTo("InvalidParameter");
    assertThat(error.at("/error/type").asText()).isEqualTo("BadRequest");
  }

  @Test
  void arkRejectsReferenceImagesWithAFirstFrame() throws Exception {
    post(
        "/api/v3/contents/generations/tasks",
        """
        {"model": "dreamina-seedance-2-0-260128", "content": [
          {"type": "image_url", "image_url": {"url": "https://e/a.png"}, "role": "first_frame"},
          {"type": "image_url", "image_url": {"url": "https://e/b.png"}, "role": "reference_image"}]}\
        """,
        400);
  }

  @Test
  void theUnifiedGatewayAnswersTheCreateInSeed000Shape() throws Exception {
    JsonNode answer =
        post(
            "/v1/videos/generations",
            """
            {"model": "seedance2.0-720p", "prompt": "p", "content": [{"type": "text", "text": "p"}], "duration": 5}\
            """,
            200);
    assertThat(answer.get("object").asText()).isEqualTo("video.generation.job");
    assertThat(answer.get("status").asText()).isEqualTo("queued");
    assertThat(answer.get("raw_status").asText()).isEqualTo("PENDING");
    assertThat(answer.get("task_id").asText()).startsWith("task_");
  }

  @Test
  void theRequestLogKeepsNoKey() {
    client.create(ark, client.validate(ark, VIDEO));
    assertThat(simulator.requests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.authorized()).isTrue();
              assertThat(r.toString()).doesNotContain(KEY);
            });
  }

  @Test
  void aMissingKeyIsRefused() throws Exception {
    try (Response response =
        new OkHttpClient()
            .newCall(
                new Request.Builder()
                    .url(simulator.baseUrl() + "/api/v3/contents/generations/tasks/x")
                    .build())
            .execute()) {
      assertThat(response.code()).isEqualTo(401);
      assertThat(JSON.readTree(response.body().string()).at("/error/code").asText())
          .isEqualTo("AuthenticationError");
    }
  }
}
