package dev.seedflow.seedance.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.VideoRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Answers from a provider (or whatever answers at its address) that try to hurt: they never end,
 * inflate, nest, echo the key, ask for years of patience, redirect, or name ids and URLs that point
 * elsewhere. Each is bounded, refused with a message, and never followed.
 */
class HostileAnswersTest {
  private static final String KEY = "sk-hostile-0123456789abcdef";
  private static final VideoRequest VIDEO =
      VideoRequest.builder("dreamina-seedance-2-0-260128").prompt("a cat").build();
  private static final ClientSettings SETTINGS =
      ClientSettings.defaults()
          .withReadTimeout(Duration.ofSeconds(5))
          .withCallTimeouts(Duration.ofMillis(1500), Duration.ofMillis(1500))
          .withRetries(
              new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200)),
              new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200)));

  @StartStop private final MockWebServer server = new MockWebServer();
  private final SeedanceClient client = new SeedanceClient(SETTINGS);

  @AfterEach
  void close() {
    client.close();
  }

  private ProviderConfig ark() {
    return new ProviderConfig(ProviderType.ARK, server.url("/").toString(), KEY);
  }

  private static String task(String extra) {
    return "{\"id\": \"cgt-1\", \"status\": \"succeeded\", \"content\": {\"video_url\":"
        + " \"https://cdn.example.com/v.mp4\"}"
        + extra
        + "}";
  }

  /**
   * A provider's text carrying every kind of line break (LF, CR, NEL, U+2028, U+2029) and a format
   * character: the incident's message has none of them raw, so it cannot forge a line in a log,
   * Operate or a form.
   */
  @Test
  void everyLineAndParagraphSeparatorInAProvidersTextIsEscaped() {
    String breaks = "one\ntwo\rthree\u0085four\u2028five\u2029six\u202esix";
    server.enqueue(
        HttpFailureTest.json(
            200,
            "{\"id\": \"cgt-1\", \"status\": \"failed\", \"error\": {\"code\": \"Bad\u2028Code\", "
                + "\"message\": \""
                + breaks.replace("\n", "\\n").replace("\r", "\\r")
                + "\"}}"));
    SeedanceException failure = TaskOutcome.failureOf(client.get(ark(), "cgt-1")).orElseThrow();
    assertThat(failure.getMessage())
        .contains("one\\u000atwo\\u000dthree\\u0085four\\u2028five\\u2029six\\u202esix")
        .contains("Bad\\u2028Code");
    assertThat(
            failure
                .getMessage()
                .codePoints()
                .filter(
                    c ->
                        Character.isISOControl(c)
                            || Character.getType(c) == Character.LINE_SEPARATOR
                            || Character.getType(c) == Character.PARAGRAPH_SEPARATOR
                            || Character.getType(c) == Character.FORMAT))
        .isEmpty();
  }

  @Test
  void aCreateWhoseAnswerTricklesForeverEndsAtItsDeadlineAndIsNeverSentAgain() throws Exception {
    AtomicInteger creates = new AtomicInteger();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            // One byte every 500 ms never trips the 5 s read timeout; only the call's deadline ends
            // it.
            return creates.incrementAndGet() == 1
                ? new MockResponse.Builder()
                    .code(200)
                    .body("{\"id\": \"cgt-trickle\"}" + " ".repeat(40))
                    .throttleBody(1, 500, TimeUnit.MILLISECONDS)
                    .build()
                : HttpFailureTest.json(200, "{\"id\": \"cgt-second\"}");
          }
        });
    long start = System.nanoTime();
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.create(ark(), client.validate(ark(), VIDEO)));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SUBMIT_OUTCOME_UNKNOWN);
    assertThat(e.getMessage()).contains("deadline of 1500 ms").contains("not sent again");
    assertThat(tookMillis).isLessThan(4000);
    // Nothing may follow: for longer than any retry's backoff, the provider still saw one create.
    await("never sent again")
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(2))
        .until(() -> creates.get() == 1);
  }

  @Test
  void aStatusReadThatTricklesEndsAtItsDeadlineWithoutHoldingTheThreadForMoreAttempts() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(task("") + " ".repeat(40))
            .throttleBody(1, 500, TimeUnit.MILLISECONDS)
            .build());
    SeedanceException e =
        catchThrowableOfType(SeedanceException.class, () -> client.get(ark(), "cgt-1"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
    assertThat(e.getMessage())
        .contains("did not finish its answer within")
        .contains("[task cgt-1]");
    assertThat(server.getRequestCount())
        .as("the caller reschedules; the client does not try again on the same thread")
        .isEqualTo(1);
  }

  @Test
  void aGzipBombIsNeitherAskedForNorInflated() throws Exception {
    // 64 MB of JSON-looking padding, about 64 KB compressed.
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(packed)) {
      gzip.write(("{\"id\": \"cgt-1\", \"status\": \"running\", \"pad\": \"").getBytes());
      byte[] chunk = new byte[1 << 20];
      java.util.Arrays.fill(chunk, (byte) 'a');
      for (int i = 0; i < 64; i++) gzip.write(chunk);
      gzip.write("\"}".getBytes());
    }
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Encoding", "gzip")
            .body(new Buffer().write(packed.toByteArray()))
            .build());
    SeedanceException e =
        catchThrowableOfType(SeedanceException.class, () -> client.get(ark(), "cgt-1"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_RESPONSE);
    RecordedRequest request = server.takeRequest();
    assertThat(request.getHeaders().get("Accept-Encoding")).isEqualTo("identity");
  }

  @Test
  void aHugeAnswerIsCutOffAtTheLimit() {
    String huge =
        "{\"id\": \"cgt-1\", \"status\": \"running\", \"pad\": \""
            + "a".repeat((int) BoundedBody.MAX_BYTES)
            + "\"}";
    server.enqueue(HttpFailureTest.json(200, huge));
    SeedanceException e =
        catchThrowableOfType(SeedanceException.class, () -> client.get(ark(), "cgt-1"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_RESPONSE);
    assertThat(e.getMessage()).contains("larger than the 4096 KB").contains("[task cgt-1]");
  }

  @Test
  void aHugeAcceptanceOfACreateIsAnUnknownOutcomeNotAResend() throws Exception {
    server.enqueue(
        HttpFailureTest.json(
            200,
            "{\"id\": \"cgt-1\", \"pad\": \"" + "a".repeat((int) BoundedBody.MAX_BYTES) + "\"}"));
    server.enqueue(HttpFailureTest.json(200, "{\"id\": \"cgt-second\"}"));
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.create(ark(), client.validate(ark(), VIDEO)));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SUBMIT_OUTCOME_UNKNOWN);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void deeplyNestedOrHugeStringAnswersAreBadResponses() {
    server.enqueue(
        HttpFailureTest.json(
            200, "{\"id\": \"cgt-1\", \"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}"));
    server.enqueue(
        HttpFailureTest.json(
            200,
            "{\"id\": \"cgt-1\", \"status\": \"running\", \"model\": \""
                + "m".repeat(ProviderJson.MAX_STRING_CHARS + 1)
                + "\"}"));
    for (int i = 0; i < 2; i++) {
      SeedanceException e =
          catchThrowableOfType(SeedanceException.class, () -> client.get(ark(), "cgt-1"));
      assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_RESPONSE);
      assertThat(e.getMessage().length()).isLessThan(1000);
    }
  }

  @Test
  void theKeyIsRedactedFromATaskErrorAndFromEveryResultField() {
    server.enqueue(
        HttpFailureTest.json(
            200,
            "{\"id\": \"cgt-1\", \"status\": \"failed\", \"model\": \""
                + KEY
                + "\", \"error\": {\"code\": \"Bearer "
                + KEY
                + "\", \"message\": \"your key "
                + KEY
                + " is wrong\"}}"));
    TaskSnapshot task = client.get(ark(), "cgt-1");
    assertThat(task.toString()).doesNotContain(KEY).contains("***");
    SeedanceException failure = TaskOutcome.failureOf(task).orElseThrow();
    assertThat(failure.getMessage()).doesNotContain(KEY);
    assertThat(failure.providerCode().orElseThrow()).isEqualTo("Bearer ***");
  }

  @Test
  void aRetryAfterOfYearsIsCapped() {
    for (String header :
        List.of("315360000", "1e300", "Infinity", "Fri, 31 Dec 9999 23:59:59 GMT")) {
      assertThat(ProviderErrors.retryAfter(header, Duration.ofMinutes(5)))
          .as(header)
          .isEqualTo(Duration.ofMinutes(5));
    }
    assertThat(ProviderErrors.retryAfter("-5", Duration.ofMinutes(5))).isEqualTo(Duration.ZERO);
    assertThat(ProviderErrors.retryAfter("NaN", Duration.ofMinutes(5))).isNull();
    server.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "1e300").body("{}").build());
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.create(ark(), client.validate(ark(), VIDEO)));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofMinutes(5));
  }

  @Test
  void redirectsAreNeverFollowed() throws IOException {
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start();
      elsewhere.enqueue(HttpFailureTest.json(200, "{\"id\": \"cgt-stolen\"}"));
      for (int code : List.of(301, 302, 307, 308)) {
        server.enqueue(
            new MockResponse.Builder()
                .code(code)
                .addHeader("Location", elsewhere.url("/steal").toString())
                .build());
        SeedanceException e =
            catchThrowableOfType(
                SeedanceException.class, () -> client.create(ark(), client.validate(ark(), VIDEO)));
        assertThat(e.errorCode()).as("HTTP " + code).isEqualTo(ErrorCode.BAD_RESPONSE);
        assertThat(e.getMessage())
            .contains("redirect")
            .contains("not followed")
            .contains("provider.baseUrl");
      }
      assertThat(elsewhere.getRequestCount()).as("nothing went to the redirect's target").isZero();
    }
  }

  @Test
  void hostileResultUrlsAreRefusedNeverReturned() {
    for (String url :
        List.of(
            "file:///etc/passwd",
            "https://user:pw@cdn.example.com/v.mp4",
            "ftp://cdn.example.com/v.mp4",
            "javascript:alert(1)")) {
      server.enqueue(
          HttpFailureTest.json(
              200,
              "{\"id\": \"cgt-1\", \"status\": \"succeeded\", \"content\": {\"video_url\": \""
                  + url
                  + "\"}}"));
      SeedanceException e =
          catchThrowableOfType(SeedanceException.class, () -> client.get(ark(), "cgt-1"));
      assertThat(e.errorCode()).as(url).isEqualTo(ErrorCode.BAD_RESPONSE);
      assertThat(e.getMessage())
          .contains("video URL")
          .contains("refused and was not followed")
          .contains("[task cgt-1]");
    }
    server.enqueue(
        HttpFailureTest.json(
            200,
            "{\"id\": \"cgt-1\", \"status\": \"succeeded\", \"content\": {\"video_url\":"
                + " \"https://cdn.example.com/v.mp4\", \"last_frame_url\":"
                + " \"http://169.254.169.254/latest/meta-data/\"}}"));
    SeedanceException e =
        catchThrowableOfType(SeedanceException.class, () -> client.get(ark(), "cgt-1"));
    assertThat(e.getMessage()).contains("last frame URL");
  }

  @Test
  void resultUrlRulesOutsideALocalRun() {
    for (String url :
        List.of(
            "http://cdn.example.com/v.mp4",
            "https://169.254.169.254/latest",
            "https://10.1.2.3/v.mp4",
            "https://192.168.0.1/v.mp4",
            "https://172.16.5.4/v.mp4",
            "https://100.64.0.1/v.mp4",
            "https://127.0.0.1/v.mp4",
            "https://localhost/v.mp4",
            "https://[::1]/v.mp4",
            "https://[fd00::1]/v.mp4",
            "https://[fe80::1]/v.mp4",
            "https://[::ffff:169.254.169.254]/v.mp4",
            "https://0.0.0.0/v.mp4",
            "https://metadata.google.internal/computeMetadata/v1/",
            "https://intranet/v.mp4",
            "https://2852039166/v.mp4",
            "https://0xa9.0xfe.0xa9.0xfe/v.mp4",
            // IPv4 carried in IPv6: NAT64, IPv4-compatible, 6to4, local NAT64 and Teredo reach the
            // metadata address and loopback where routed.
            "https://[64:ff9b::a9fe:a9fe]/v.mp4",
            "https://[::a9fe:a9fe]/v.mp4",
            "https://[2002:a9fe:a9fe::1]/v.mp4",
            "https://[64:ff9b::7f00:1]/v.mp4",
            "https://[2002:0a01:0203::1]/v.mp4",
            "https://[64:ff9b:1::a9fe:a9fe]/v.mp4",
            "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/v.mp4")) {
      assertThat(ResultUrls.problemWith(url, false)).as(url).isPresent();
    }
    for (String url :
        List.of(
            "https://cdn.example.com/v.mp4?X-Tos-Signature=abc",
            "https://8.8.8.8/v.mp4",
            "https://[2001:4860::8888]/v.mp4",
            "https://bücher.example/v.mp4",
            "https://[64:ff9b::808:808]/v.mp4",
            "https://[2002:808:808::1]/v.mp4")) {
      assertThat(ResultUrls.problemWith(url, false)).as(url).isEmpty();
    }
    assertThat(ResultUrls.problemWith("http://127.0.0.1:8089/v.mp4", true))
        .as("a local run's simulator")
        .isEmpty();
  }

  @Test
  void aProviderOnLoopbackIsNoLocalRunUnlessSaidSo() {
    // The provider answers on loopback, as one behind a sidecar proxy on localhost does: that alone
    // lifts no rule.
    String onThisMachine =
        "{\"id\": \"cgt-1\", \"status\": \"succeeded\", \"content\": {\"video_url\":"
            + " \"http://127.0.0.1:1/latest/meta-data\"}}";
    server.enqueue(HttpFailureTest.json(200, onThisMachine));
    SeedanceException e =
        catchThrowableOfType(SeedanceException.class, () -> client.get(ark(), "cgt-1"));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_RESPONSE);
    assertThat(e.getMessage())
        .contains("refused and was not followed")
        .contains("must use https://");

    server.enqueue(HttpFailureTest.json(200, onThisMachine));
    try (SeedanceClient local = new SeedanceClient(SETTINGS.withLocalRun(true))) {
      assertThat(local.get(ark(), "cgt-1").videoUrl())
          .as("the local runner's setting")
          .isEqualTo("http://127.0.0.1:1/latest/meta-data");
    }
  }

  @Test
  void aHostileTaskIdFromACreateIsABadResponseThatSaysATaskMayExist() throws Exception {
    for (String id :
        List.of("../../admin", "..", "cgt/1", "x".repeat(10_000), "cgt-1\r\nX-Injected: 1")) {
      server.enqueue(
          HttpFailureTest.json(
              200,
              "{\"id\": "
                  + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(id)
                  + "}"));
      SeedanceException e =
          catchThrowableOfType(
              SeedanceException.class, () -> client.create(ark(), client.validate(ark(), VIDEO)));
      assertThat(e.errorCode()).as(id).isEqualTo(ErrorCode.BAD_RESPONSE);
      assertThat(e.getMessage())
          .contains("a task may exist and be billed")
          .contains("not sent again")
          .doesNotContain("nothing was sent")
          .doesNotContain("\r\n")
          .hasSizeLessThan(1000);
    }
    assertThat(server.getRequestCount())
        .as("one create per attempt, no status read with the hostile id")
        .isEqualTo(5);
  }

  @Test
  void anUnknownServerErrorOnACreateLeavesTheOutcomeUnknown() {
    server.enqueue(HttpFailureTest.json(524, "{\"error\": {\"message\": \"A timeout occurred\"}}"));
    server.enqueue(HttpFailureTest.json(200, "{\"id\": \"cgt-second\"}"));
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.create(ark(), client.validate(ark(), VIDEO)));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SUBMIT_OUTCOME_UNKNOWN);
    assertThat(e.getMessage()).contains("HTTP 524");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void oneRefusedTaskInAListDoesNotFailTheOthers() {
    server.enqueue(
        HttpFailureTest.json(
            200,
            "{\"total\": 2, \"items\": ["
                + task("").replace("cgt-1", "cgt-a")
                + ", {\"id\": \"cgt-b\", \"status\": \"succeeded\", \"content\": {\"video_url\":"
                + " \"file:///etc/shadow\"}}]}"));
    TaskReads reads = client.getMany(ark(), List.of("cgt-a", "cgt-b"));
    assertThat(reads.found()).containsOnlyKeys("cgt-a");
    assertThat(reads.refused()).containsOnlyKeys("cgt-b");
    assertThat(reads.refused().get("cgt-b").errorCode()).isEqualTo(ErrorCode.BAD_RESPONSE);
  }
}
