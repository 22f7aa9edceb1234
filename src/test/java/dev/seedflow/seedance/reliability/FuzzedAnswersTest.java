package dev.seedflow.seedance.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.RetryPolicy;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.TaskIds;
import dev.seedflow.seedance.request.VideoRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * 1,500 generated hostile answers (seeded, replayable) to creates and status reads through the real
 * client over loopback: sizes past the limit, gzip the client never asked for, junk bytes, deep
 * nesting, huge strings, ids and result URLs that point elsewhere, the key echoed anywhere,
 * redirects, every status code and absurd Retry-After values. Whatever comes back, only our
 * exception escapes, no returned task carries a hostile URL or id, no message carries the key or a
 * line break, every Retry-After is capped, and a create the provider took is never sent twice.
 */
class FuzzedAnswersTest {
  private static final int CASES = 1500;
  private static final long SEED = 20261127L;
  private static final Duration RETRY_AFTER_CAP = Duration.ofMinutes(5);
  private static final String[] URLS = {
    "https://cdn.example.com/v.mp4?sig=1",
    "file:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "https://10.0.0.7/v.mp4",
    "https://user:pw@cdn.example.com/v.mp4",
    "https://2852039166/v.mp4",
    "https://metadata.google.internal/",
    "javascript:alert(1)",
    "https://[fd00::1]/v.mp4",
    "http://cdn.example.com/v.mp4",
    "https://localhost/v.mp4",
    "",
    "https://bücher.example/v.mp4"
  };
  private static final String[] IDS = {
    "cgt-20261127-ok",
    "../../admin",
    "..",
    "a/b",
    "cgt-1\r\nX-Injected: 1",
    "",
    " ",
    "x".repeat(10_000),
    "task_%2e%2e",
    "cgt-é",
    "{{secrets.X}}"
  };
  private static final String[] RETRY_AFTER = {
    "1e300",
    "315360000",
    "-5",
    "NaN",
    "Infinity",
    "abc",
    "0",
    "1",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    ""
  };
  private static final int[] CODES = {
    200, 201, 202, 204, 301, 302, 307, 308, 400, 401, 403, 404, 408, 409, 413, 429, 500, 501, 502,
    503, 504, 520, 524
  };
  private static final ObjectMapper JSON = Json.mapper();

  @Test
  void everyHostileAnswerIsBoundedRefusedOrReadNeverFollowedOrPaidTwice() throws Exception {
    Random random = new Random(SEED);
    Map<String, Integer> outcomes = new TreeMap<>();
    AtomicReference<MockResponse> answer = new AtomicReference<>();
    AtomicInteger requests = new AtomicInteger();
    ClientSettings settings =
        ClientSettings.defaults()
            .withReadTimeout(Duration.ofSeconds(2))
            .withCallTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))
            .withRetries(
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2)),
                new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2)))
            .withLongestRetryAfterWait(Duration.ofMillis(5))
            .withRetryAfterCap(RETRY_AFTER_CAP);
    int paidOnce = 0;
    try (MockWebServer server = new MockWebServer();
        SeedanceClient client = new SeedanceClient(settings)) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              requests.incrementAndGet();
              return answer.get();
            }
          });
      server.start();
      ProviderConfig provider =
          new ProviderConfig(ProviderType.ARK, server.url("/").toString(), Canary.KEY);
      for (int i = 0; i < CASES; i++) {
        Generated generated = generate(random);
        answer.set(generated.response());
        requests.set(0);
        boolean create = random.nextBoolean();
        String outcome;
        try {
          TaskSnapshot task =
              create
                  ? client.create(
                      provider,
                      client.validate(
                          provider,
                          VideoRequest.builder("dreamina-seedance-2-0-260128")
                              .prompt("a cat")
                              .build()))
                  : client.get(provider, "cgt-asked-for");
          check(i, generated, task);
          outcome = "read";
        } catch (SeedanceException e) {
          check(i, generated, e);
          outcome = e.code();
        } catch (RuntimeException e) {
          fail("case " + i + " (" + generated.kind() + "): " + e + " escaped");
          return;
        }
        if (create && generated.taken()) {
          assertThat(requests.get())
              .as("case %d (%s): a create the provider took is sent once", i, generated.kind())
              .isEqualTo(1);
          paidOnce++;
        }
        outcomes.merge((create ? "create " : "read ") + outcome, 1, Integer::sum);
      }
    }
    Figures.report(
        "hostile answers: "
            + CASES
            + " (seed "
            + SEED
            + "), "
            + paidOnce
            + " creates the provider took, each sent once; outcomes "
            + outcomes);
  }

  private record Generated(String kind, MockResponse response, boolean taken) {}

  private static void check(int i, Generated generated, TaskSnapshot task) {
    String text = task.toString();
    assertThat(text).as("case %d (%s)", i, generated.kind()).doesNotContain(Canary.KEY);
    assertThat(TaskIds.isSafe(task.taskId()))
        .as("case %d (%s): id %s", i, generated.kind(), task.taskId())
        .isTrue();
    // The server is on loopback, but this is no local run: no URL on loopback passes either
    // (HostileAnswersTest covers each rule).
    for (String url : new String[] {task.videoUrl(), task.lastFrameUrl()}) {
      if (url != null) {
        assertThat(url)
            .as("case %d (%s)", i, generated.kind())
            .startsWith("https://")
            .doesNotContain("@")
            .doesNotContain("169.254")
            .doesNotContain("10.0.0.")
            .doesNotContain("internal")
            .doesNotContain("2852039166")
            .doesNotContain("fd00")
            .doesNotContain("localhost");
      }
    }
  }

  private static void check(int i, Generated generated, SeedanceException e) {
    assertThat(e.getMessage())
        .as("case %d (%s)", i, generated.kind())
        .doesNotContain(Canary.KEY)
        .doesNotContain("\r")
        .doesNotContain("\n")
        .hasSizeLessThan(2000);
    e.retryAfter()
        .ifPresent(
            wait ->
                assertThat(wait)
                    .as("case %d: Retry-After capped", i)
                    .isLessThanOrEqualTo(RETRY_AFTER_CAP));
    assertThat(e.errorCode()).isNotNull();
  }

  private static Generated generate(Random random) {
    return switch (random.nextInt(10)) {
      case 0, 1, 2 -> task(random);
      case 3 -> {
        int code = CODES[random.nextInt(CODES.length)];
        MockResponse.Builder builder =
            new MockResponse.Builder()
                .code(code)
                .body(
                    random.nextBoolean()
                        ? "{\"error\": {\"code\": \"Bearer "
                            + Canary.KEY
                            + "\", \"message\": \""
                            + "m".repeat(random.nextInt(5000))
                            + "\"}}"
                        : junk(random, 500));
        if (random.nextBoolean())
          builder.addHeader("Retry-After", RETRY_AFTER[random.nextInt(RETRY_AFTER.length)]);
        if (code >= 300 && code < 400)
          builder.addHeader("Location", "http://attacker.example/steal");
        yield new Generated(
            "status " + code,
            builder.build(),
            code >= 200 && code < 300 || code == 504 || code == 524 || code == 501 || code == 520);
      }
      case 4 ->
          new Generated(
              "junk",
              new MockResponse.Builder()
                  .code(200)
                  .body(new Buffer().write(bytes(random, random.nextInt(20_000))))
                  .build(),
              true);
      case 5 -> {
        int depth = 10 + random.nextInt(20_000);
        yield new Generated(
            "depth " + depth,
            json("{\"id\": \"cgt-1\", \"x\": " + "[".repeat(depth) + "]".repeat(depth) + "}"),
            true);
      }
      case 6 ->
          new Generated(
              "gzip",
              new MockResponse.Builder()
                  .code(200)
                  .addHeader("Content-Encoding", "gzip")
                  .body(
                      new Buffer()
                          .write(
                              gzip(
                                  "{\"id\": \"cgt-1\", \"status\": \"running\", \"pad\": \""
                                      + "a".repeat(random.nextInt(6 << 20))
                                      + "\"}")))
                  .build(),
              true);
      case 7 ->
          random.nextInt(10) == 0
              ? new Generated(
                  "huge",
                  json(
                      "{\"id\": \"cgt-1\", \"pad\": \""
                          + "a".repeat((4 << 20) + random.nextInt(1 << 20))
                          + "\"}"),
                  true)
              : new Generated(
                  "long string",
                  json(
                      "{\"id\": \"cgt-1\", \"status\": \"running\", \"model\": \""
                          + "m".repeat(60_000 + random.nextInt(10_000))
                          + "\"}"),
                  true);
      case 8 ->
          new Generated(
              "list wrapper", json("{\"data\": {\"items\": [" + taskJson(random) + "]}}"), true);
      default ->
          new Generated(
              "not an object",
              json(random.nextBoolean() ? "[]" : random.nextBoolean() ? "\"cgt-1\"" : "42"),
              true);
    };
  }

  private static Generated task(Random random) {
    return new Generated("task", json(taskJson(random)), true);
  }

  private static String taskJson(Random random) {
    try {
      Map<String, Object> task = new TreeMap<>();
      task.put("id", IDS[random.nextInt(IDS.length)]);
      task.put(
          "status",
          new String[] {"succeeded", "running", "failed", "SUCCESS", "weird", ""}
              [random.nextInt(6)]);
      task.put(
          "content",
          Map.of(
              "video_url",
              URLS[random.nextInt(URLS.length)],
              "last_frame_url",
              URLS[random.nextInt(URLS.length)]));
      if (random.nextBoolean())
        task.put("model", random.nextBoolean() ? Canary.KEY : "dreamina-seedance-2-0-260128");
      if (random.nextBoolean())
        task.put(
            "error",
            Map.of(
                "code",
                "Bearer " + Canary.KEY,
                "message",
                "bad key " + Canary.KEY + "\r\nInjected: yes"));
      if (random.nextBoolean())
        task.put("progress", new Object[] {"50%", 0.5, 1e300, -7, "x"}[random.nextInt(5)]);
      return JSON.writeValueAsString(task);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static String junk(Random random, int max) {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(max + 1); i > 0; i--) text.append((char) random.nextInt(0x3000));
    return text.toString();
  }

  private static byte[] bytes(Random random, int length) {
    byte[] data = new byte[length];
    random.nextBytes(data);
    return data;
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(packed)) {
      out.write(text.getBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return packed.toByteArray();
  }
}
