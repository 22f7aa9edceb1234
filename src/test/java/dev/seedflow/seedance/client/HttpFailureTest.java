package dev.seedflow.seedance.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.VideoRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The exact HTTP failure rules, against a scripted server: what is retried, what is never sent
 * twice.
 */
class HttpFailureTest {
  private static final String KEY = "sk-canary-0123456789abcdef";
  private static final VideoRequest VIDEO =
      VideoRequest.builder("dreamina-seedance-2-0-260128").prompt("a cat").build();
  private static final ClientSettings SETTINGS =
      ClientSettings.defaults()
          .withReadTimeout(Duration.ofMillis(400))
          .withRetries(
              new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200)),
              new RetryPolicy(3, Duration.ofMillis(300), Duration.ofSeconds(1)));

  @StartStop private final MockWebServer server = new MockWebServer();
  private final SeedanceClient client = new SeedanceClient(SETTINGS);

  @AfterEach
  void close() {
    client.close();
  }

  private ProviderConfig ark() {
    return new ProviderConfig(ProviderType.ARK, server.url("/").toString(), KEY);
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Test
  void aRefusedConnectionIsRetriedBecauseNothingWasSent() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    MockWebServer late = new MockWebServer();
    late.enqueue(json(200, "{\"id\": \"cgt-late\"}"));
    CompletableFuture<Void> starting =
        CompletableFuture.runAsync(
            () -> {
              try {
                Thread.sleep(150);
                late.start(InetAddress.getLoopbackAddress(), port);
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      TaskSnapshot task =
          client.create(
              new ProviderConfig(ProviderType.ARK, "http://127.0.0.1:" + port, KEY),
              client.validate(
                  new ProviderConfig(ProviderType.ARK, "http://127.0.0.1:" + port, KEY), VIDEO));
      starting.get(5, TimeUnit.SECONDS);
      assertThat(task.taskId()).isEqualTo("cgt-late");
      assertThat(late.getRequestCount()).isEqualTo(1);
    } finally {
      late.close();
    }
  }

  @Test
  void aRefusedConnectionThatStaysRefusedIsProviderUnavailable() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class,
            () ->
                client.create(
                    new ProviderConfig(ProviderType.ARK, "http://127.0.0.1:" + port, KEY),
                    client.validate(
                        new ProviderConfig(ProviderType.ARK, "http://127.0.0.1:" + port, KEY),
                        VIDEO)));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
    assertThat(e.getMessage()).contains("could not connect").contains("127.0.0.1:" + port);
  }

  @Test
  void aCreateUnansweredAtItsDeadlineIsOutcomeUnknownAndNeverResent() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("{\"id\": \"cgt-slow\"}")
            .headersDelay(2, TimeUnit.SECONDS)
            .build());
    server.enqueue(json(200, "{\"id\": \"cgt-second\"}"));
    SeedanceClient impatient =
        new SeedanceClient(
            SETTINGS.withCallTimeouts(Duration.ofSeconds(45), Duration.ofSeconds(1)));
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class,
            () -> impatient.create(ark(), impatient.validate(ark(), VIDEO)));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SUBMIT_OUTCOME_UNKNOWN);
    assertThat(e.getMessage())
        .contains("did not answer the create call within its deadline of 1 s")
        .contains("not sent again")
        .contains("provider console");
    // Nothing may follow: for longer than any retry's backoff, the provider still saw one create.
    await("no create sent again")
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(2))
        .until(() -> server.getRequestCount() == 1);
  }

  @Test
  void aCreateAnsweredLongAfterAReadsSilenceWouldEndIsTakenWithinItsDeadline() {
    // The read timeout here is 400 ms; a create's own deadline (3 s) is what bounds it, as
    // documented.
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("{\"id\": \"cgt-patient\"}")
            .headersDelay(1, TimeUnit.SECONDS)
            .build());
    SeedanceClient patient =
        new SeedanceClient(
            SETTINGS.withCallTimeouts(Duration.ofSeconds(45), Duration.ofSeconds(3)));
    assertThat(patient.create(ark(), patient.validate(ark(), VIDEO)).taskId())
        .isEqualTo("cgt-patient");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aCreateAnswerWithABadFieldKeepsItsValidTaskId() {
    server.enqueue(
        json(
            200,
            "{\"id\": \"cgt-kept\", \"status\": \"succeeded\", \"content\": {\"video_url\":"
                + " \"file:///etc/passwd\"}}"));
    TaskSnapshot task = client.create(ark(), client.validate(ark(), VIDEO));
    assertThat(task.taskId())
        .as("the task exists and is billed: its id is what settles it")
        .isEqualTo("cgt-kept");
    assertThat(task.videoUrl()).isNull();
    assertThat(task.status()).isEqualTo(TaskStatus.QUEUED);
  }

  @Test
  void aPoisonedItemOfABatchReadSpoilsNoOtherTask() {
    server.enqueue(
        json(
            200,
            "{\"total\": 2, \"items\": [{\"id\": \"cgt-odd\", \"status\": \"running\","
                + " \"created_at\": 12345678901234567890}, {\"id\": \"cgt-fine\", \"status\":"
                + " \"succeeded\", \"content\": {\"video_url\":"
                + " \"https://cdn.example.com/v.mp4\"}}]}"));
    TaskReads reads = client.getMany(ark(), List.of("cgt-odd", "cgt-fine"));
    assertThat(reads.found().get("cgt-fine").status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(reads.found().get("cgt-odd").status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(reads.found().get("cgt-odd").createdAt()).isNull();
  }

  @Test
  void aConnectionDroppedAfterTheCreateWasSentIsOutcomeUnknown() throws Exception {
    server.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    server.enqueue(json(200, "{\"id\": \"cgt-second\"}"));
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.create(ark(), client.validate(ark(), VIDEO)));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SUBMIT_OUTCOME_UNKNOWN);
    // Nothing may follow: for longer than any retry's backoff, the provider still saw one create.
    await("no create sent again")
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(2))
        .until(() -> server.getRequestCount() == 1);
  }

  @Test
  void aGatewayTimeoutOnCreateIsOutcomeUnknown() throws Exception {
    server.enqueue(json(504, "{\"error\": {\"message\": \"upstream timed out\"}}"));
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.create(ark(), client.validate(ark(), VIDEO)));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SUBMIT_OUTCOME_UNKNOWN);
    assertThat(e.getMessage()).contains("gateway timed out");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anUnreadableAcceptanceIsOutcomeUnknownNotABadResponse() {
    server.enqueue(new MockResponse.Builder().code(200).body("<html>ok</html>").build());
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.create(ark(), client.validate(ark(), VIDEO)));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SUBMIT_OUTCOME_UNKNOWN);
    assertThat(e.getMessage()).contains("<html>ok</html>");
  }

  @Test
  void anAcceptanceWithoutATaskIdIsOutcomeUnknown() {
    server.enqueue(json(200, "{\"status\": \"ok\"}"));
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.create(ark(), client.validate(ark(), VIDEO)));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SUBMIT_OUTCOME_UNKNOWN);
    assertThat(e.getMessage()).contains("names no task id");
  }

  @Test
  void aRateLimitedCreateWaitsAtLeastRetryAfterThenSucceeds() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "1")
            .body(
                "{\"error\": {\"code\": \"RateLimitExceeded.EndpointRPMExceeded\", \"message\":"
                    + " \"slow down\"}}")
            .build());
    server.enqueue(json(200, "{\"id\": \"cgt-ok\"}"));
    long start = System.nanoTime();
    TaskSnapshot task = client.create(ark(), client.validate(ark(), VIDEO));
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(task.taskId()).isEqualTo("cgt-ok");
    assertThat(waitedMillis).isGreaterThanOrEqualTo(1000);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aRateLimitedReadWaitsAtLeastRetryAfter() throws Exception {
    server.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "1").body("{}").build());
    server.enqueue(json(200, "{\"id\": \"cgt-1\", \"status\": \"running\"}"));
    long start = System.nanoTime();
    assertThat(client.get(ark(), "cgt-1").status()).isEqualTo(TaskStatus.RUNNING);
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void aRateLimitedReadOfTheWorkersGoesBackAtOnceForItsBudgetToSlowDown() {
    server.enqueue(
        json(
            429,
            "{\"error\": {\"code\": \"RateLimitExceeded.EndpointRPMExceeded\", \"message\": \"slow"
                + " down\"}}"));
    server.enqueue(json(200, "{\"items\": [{\"id\": \"cgt-1\", \"status\": \"running\"}]}"));
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.getMany(ark(), List.of("cgt-1", "cgt-2")));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.getMessage()).contains("RateLimitExceeded.EndpointRPMExceeded");
    assertThat(server.getRequestCount()).as("not waited out on an I/O thread").isEqualTo(1);
  }

  @Test
  void aRetryAfterLongerThanWeWaitGoesToTheCallerWithTheWait() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "120")
            .body(
                "{\"error\": {\"code\": \"RateLimitExceeded.EndpointRPMExceeded\", \"message\":"
                    + " \"slow down\"}}")
            .build());
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.create(ark(), client.validate(ark(), VIDEO)));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
    assertThat(e.getMessage())
        .contains("RateLimitExceeded.EndpointRPMExceeded")
        .contains("slow down");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aCreateRefusedForAFullQueueGoesToTheCallerAtOnce() {
    // No Retry-After, as BytePlus often answers: a client retry would hold a thread and be refused
    // again; the worker
    // waits for room instead.
    server.enqueue(
        json(
            429,
            "{\"error\": {\"code\": \"QuotaExceeded\", \"message\": \"too many queued tasks\"}}"));
    server.enqueue(json(200, "{\"id\": \"cgt-too-soon\"}"));
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.create(ark(), client.validate(ark(), VIDEO)));
    assertThat(client.saysQueueFull(ark(), e)).isTrue();
    assertThat(e.getMessage()).contains("QuotaExceeded").contains("too many queued tasks");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aServerErrorToACreateIsAnUnknownOutcomeAndNeverSentAgain() {
    // No provider documents that a 5xx to a create bills nothing: a gateway whose upstream took the
    // task answers 500 too.
    for (int status : new int[] {500, 502, 503}) {
      server.enqueue(
          json(
              status,
              "{\"error\": {\"code\": \"InternalServiceError\", \"message\": \"upstream timed"
                  + " out\"}}"));
      server.enqueue(json(200, "{\"id\": \"cgt-second-bill\"}"));
      int before = server.getRequestCount();
      SeedanceException e =
          catchThrowableOfType(
              SeedanceException.class, () -> client.create(ark(), client.validate(ark(), VIDEO)));
      assertThat(e.errorCode()).as("HTTP " + status).isEqualTo(ErrorCode.SUBMIT_OUTCOME_UNKNOWN);
      assertThat(e.getMessage())
          .contains("HTTP " + status)
          .contains("does not say whether it took the task")
          .contains("upstream timed out");
      assertThat(server.getRequestCount() - before)
          .as("creates sent for HTTP " + status)
          .isEqualTo(1);
      client.get(ark(), "cgt-drain"); // takes the answer no create got
    }
  }

  @Test
  void readsGiveUpAfterTheirAttemptsWithTheProvidersWords() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          json(500, "{\"error\": {\"code\": \"InternalServiceError\", \"message\": \"boom\"}}"));
    }
    SeedanceException e =
        catchThrowableOfType(SeedanceException.class, () -> client.get(ark(), "cgt-9"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
    assertThat(e.getMessage())
        .contains("InternalServiceError")
        .contains("boom")
        .contains("[task cgt-9]");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aReadThatTimesOutIsRetried() {
    server.enqueue(
        new MockResponse.Builder().code(200).body("{}").headersDelay(2, TimeUnit.SECONDS).build());
    server.enqueue(json(200, "{\"id\": \"cgt-1\", \"status\": \"queued\"}"));
    assertThat(client.get(ark(), "cgt-1").status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aStatusAnswerThatIsNotJsonIsABadResponseNotAStackTrace() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("<html><h1>Welcome to nginx!</h1></html>")
            .build());
    SeedanceException e =
        catchThrowableOfType(SeedanceException.class, () -> client.get(ark(), "cgt-1"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_RESPONSE);
    assertThat(e.getMessage())
        .startsWith("SEEDANCE_BAD_RESPONSE: ")
        .contains("Welcome to nginx")
        .contains("provider.type");
  }

  @Test
  void aRejectedKeyIsAnAuthErrorThatNeverRepeatsTheKey() throws Exception {
    server.enqueue(
        json(
            401,
            "{\"error\": {\"code\": \"invalid_api_key\", \"message\": \"Incorrect API key provided:"
                + " "
                + KEY
                + "\"}}"));
    SeedanceException e =
        catchThrowableOfType(SeedanceException.class, () -> client.get(ark(), "cgt-1"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTH);
    assertThat(e.getMessage())
        .contains("SEEDANCE_API_KEY")
        .contains("invalid_api_key")
        .doesNotContain(KEY);
    assertThat(e.providerMessage())
        .hasValueSatisfying(m -> assertThat(m).doesNotContain(KEY).contains("***"));
    assertThat(server.getRequestCount()).as("an auth failure is not retried").isEqualTo(1);
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
  }

  @Test
  void aProviderValidationErrorNamesTheParameter() {
    server.enqueue(
        json(
            400,
            "{\"error\": {\"code\": \"InvalidParameter\", \"message\": \"the value is invalid\","
                + " \"param\": \"ratio\", \"type\": \"BadRequest\"}}"));
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.create(ark(), client.validate(ark(), VIDEO)));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(e.getMessage()).contains("InvalidParameter").contains("parameter ratio");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void forbiddenIsItsOwnCode() {
    server.enqueue(
        json(403, "{\"error\": {\"code\": \"AccountOverdueError\", \"message\": \"overdue\"}}"));
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.create(ark(), client.validate(ark(), VIDEO)));
    assertThat(e.code()).isEqualTo("SEEDANCE_FORBIDDEN");
    assertThat(e.getMessage()).contains("AccountOverdueError");
  }
}
