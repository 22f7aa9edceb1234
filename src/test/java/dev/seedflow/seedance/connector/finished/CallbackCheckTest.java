package dev.seedflow.seedance.connector.finished;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.client.WebhookSignatures;
import dev.seedflow.seedance.connector.finished.CallbackCheck.Confirmation;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.VideoRequest;
import dev.seedflow.seedance.signing.EventTokens;
import dev.seedflow.seedance.simulator.Fault;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a callback to the "video finished" event comes to, against the simulator over loopback: a
 * URL the create step did not sign costs nothing, and then only a read of the task with the key
 * decides, so a forged, early or malformed callback correlates nothing. The client is the event's:
 * each read tried once.
 */
class CallbackCheckTest {
  private SeedanceSimulator simulator;
  private SeedanceClient client;
  private ProviderConfig ark;
  private final CalledBackTasks calledBack = new CalledBackTasks();
  private CallbackCheck check;
  private WebhookSignatures signatures;
  private static final String WEBHOOK = "review-videos";
  private static final String SECRET = "an-event-signing-key-of-32-characters-or-more";
  private final EventTokens events = new EventTokens(Map.of(EventTokens.SECRET, SECRET)::get);
  private final AtomicLong now = new AtomicLong();

  /** The token a create step of element instance 7 put on this event's URL. */
  private final String token =
      events
          .sign("https://rt.example/inbound/" + WEBHOOK, WEBHOOK, 7)
          .replaceAll("^.*\\?token=", "");

  @BeforeEach
  void start() {
    simulator =
        SeedanceSimulator.start(
            SimulatorSettings.realistic()
                .withApiKey("test-key")
                .withTimes(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withTimeScale(20));
    client = new SeedanceClient(ClientSettings.forLocalRun().withReadsTriedOnce());
    ark = new ProviderConfig(ProviderType.ARK, simulator.baseUrl(), "test-key");
    signatures = new WebhookSignatures(client, simulator.falKeysUrl(), Clock.systemUTC());
    check = new CallbackCheck(client, calledBack, events, signatures, now::get);
  }

  @AfterEach
  void stop() {
    client.close();
    simulator.close();
  }

  /** A callback to the event's URL as the create step signed it. */
  private Confirmation confirm(byte[] body) {
    return check.confirm(WEBHOOK, Map.of(EventTokens.PARAMETER, token), Map.of(), body, ark);
  }

  private static Map<String, String> tokenParameter(String token) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put(EventTokens.PARAMETER, token);
    return parameters;
  }

  private static byte[] body(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private String created(String prompt) {
    return client
        .create(
            ark,
            client.validate(
                ark,
                VideoRequest.builder("dreamina-seedance-2-0-fast-260128").prompt(prompt).build()))
        .taskId();
  }

  @Test
  void anEndedTaskIsConfirmedByItsReadNotByTheCallbacksBody() throws Exception {
    String taskId = created("a heron");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Confirmation confirmation;
    // A forged "succeeded" for a task still running: the read says running, nothing is correlated.
    confirmation =
        confirm(
            body(
                "{\"id\":\""
                    + taskId
                    + "\",\"status\":\"succeeded\",\"content\":{\"video_url\":\"https://attacker.example/x.mp4\"}}"));
    assertThat(confirmation)
        .isInstanceOfSatisfying(
            Confirmation.Answered.class,
            a -> {
              assertThat(a.status()).isEqualTo(202);
              assertThat(a.message()).contains(taskId).contains("waits for its end");
            });
    do {
      Thread.sleep(50);
      now.addAndGet(Duration.ofSeconds(1).toNanos());
      confirmation = confirm(body("{\"id\":\"" + taskId + "\"}"));
    } while (confirmation instanceof Confirmation.Answered && System.nanoTime() < deadline);
    assertThat(confirmation)
        .isInstanceOfSatisfying(
            Confirmation.Ended.class,
            ended -> {
              TaskSnapshot task = ended.task();
              assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
              assertThat(task.videoUrl())
                  .as("the provider's URL, never the callback's")
                  .doesNotContain("attacker.example");
            });
  }

  @Test
  void aCallbackForATaskTheProviderDoesNotHaveCostsOneReadAndCorrelatesNothing() {
    Confirmation forged =
        confirm(body("{\"id\":\"cgt-20261203-made-up\",\"status\":\"succeeded\"}"));
    assertThat(forged)
        .isInstanceOfSatisfying(
            Confirmation.Answered.class,
            a -> {
              assertThat(a.status()).isEqualTo(404);
              assertThat(a.message())
                  .contains("cgt-20261203-made-up")
                  .contains("did not send this callback");
            });
    assertThat(simulator.count(RequestKind.READ)).isEqualTo(1);
  }

  @Test
  void aMalformedOrOversizedCallbackIsRefusedWithoutARead() {
    assertThat(confirm(body("not json")))
        .isEqualTo(
            new Confirmation.Answered(
                400, "the callback names no task: its JSON body needs a task id in 'id'"));
    assertThat(confirm(body("{\"id\":\"../../admin\"}")))
        .isInstanceOfSatisfying(
            Confirmation.Answered.class, a -> assertThat(a.status()).isEqualTo(400));
    assertThat(confirm(null))
        .isInstanceOfSatisfying(
            Confirmation.Answered.class, a -> assertThat(a.status()).isEqualTo(400));
    assertThat(confirm(new byte[CallbackCheck.MAX_BODY_BYTES + 1]))
        .isInstanceOfSatisfying(
            Confirmation.Answered.class, a -> assertThat(a.status()).isEqualTo(413));
    assertThat(simulator.count(RequestKind.READ)).isZero();
  }

  @Test
  void aRepeatOfACorrelatedTaskCostsNoRead() {
    calledBack.add("cgt-done-already");
    assertThat(confirm(body("{\"id\":\"cgt-done-already\"}")))
        .isInstanceOfSatisfying(
            Confirmation.Answered.class,
            a -> {
              assertThat(a.status()).isEqualTo(200);
              assertThat(a.message()).contains("reported already");
            });
    assertThat(simulator.count(RequestKind.READ)).isZero();
  }

  /**
   * A provider that cannot be read now is answered 5xx, so it calls again (Ark retries a final
   * callback 3 times).
   */
  @Test
  void aProviderThatCannotBeReadGetsAnAnswerThatMakesItCallAgain() {
    String taskId = created("a heron in the rain");
    simulator.faults().next(RequestKind.READ, new Fault.ServerError(503), 20);
    assertThat(confirm(body("{\"id\":\"" + taskId + "\"}")))
        .isInstanceOfSatisfying(
            Confirmation.Answered.class,
            a -> {
              assertThat(a.status()).isEqualTo(503);
              assertThat(a.message()).contains(taskId).contains("SEEDANCE_PROVIDER_UNAVAILABLE");
            });
    assertThat(simulator.count(RequestKind.READ))
        .as("tried once, never inside the call")
        .isEqualTo(1);
  }

  /**
   * A 429 is never waited out inside the call: the provider is told to call again after the wait.
   */
  @Test
  void aReadRefusedForItsRateIsAnsweredSoThatTheProviderCallsAgainLater() {
    String taskId = created("a heron at dusk");
    simulator.faults().next(RequestKind.READ, Fault.rateLimited(Duration.ofSeconds(7)), 20);
    assertThat(confirm(body("{\"id\":\"" + taskId + "\"}")))
        .isInstanceOfSatisfying(
            Confirmation.Answered.class,
            a -> {
              assertThat(a.status()).isEqualTo(503);
              assertThat(a.retryAfter()).isEqualTo(Duration.ofSeconds(7));
              assertThat(a.message()).contains("SEEDANCE_RATE_LIMITED");
            });
    assertThat(simulator.count(RequestKind.READ)).isEqualTo(1);
  }

  /**
   * A URL without the create step's token, or with one for another event or key, is refused before
   * anything is read.
   */
  @Test
  void aCallbackWithoutAValidTokenIsRefusedAtOnceAndCostsNoRead() {
    String taskId = created("a heron asleep");
    byte[] callback = body("{\"id\":\"" + taskId + "\",\"status\":\"succeeded\"}");
    String otherEvent = events.sign("x", "other-event", 7).replaceAll("^.*\\?token=", "");
    String otherKey =
        new EventTokens(Map.of(EventTokens.SECRET, SECRET + "-rotated")::get)
            .sign("x", WEBHOOK, 7)
            .replaceAll("^.*\\?token=", "");
    for (String forged :
        Arrays.asList(null, "", "7", "7.AAAA", otherEvent, otherKey, "8" + token.substring(1))) {
      assertThat(check.confirm(WEBHOOK, tokenParameter(forged), Map.of(), callback, ark))
          .as(String.valueOf(forged))
          .isInstanceOfSatisfying(
              Confirmation.Answered.class, a -> assertThat(a.status()).isEqualTo(403));
    }
    CallbackCheck unsigned =
        new CallbackCheck(client, calledBack, new EventTokens(name -> null), signatures, now::get);
    assertThat(unsigned.confirm(WEBHOOK, tokenParameter(token), Map.of(), callback, ark))
        .as("no secret where the event runs")
        .isInstanceOfSatisfying(
            Confirmation.Answered.class,
            a -> assertThat(a.message()).contains(EventTokens.SECRET).contains("must be set"));
    assertThat(simulator.count(RequestKind.READ)).isZero();
  }

  /**
   * The same valid URL replayed: at most one read a second, whatever the flood and whatever task
   * its bodies name.
   */
  @Test
  void replaysOfAValidCallbackCostAtMostOneReadATaskASecond() {
    String taskId = created("a heron, again and again");
    byte[] callback = body("{\"id\":\"" + taskId + "\"}");
    for (int i = 0; i < 500; i++) confirm(callback);
    assertThat(simulator.count(RequestKind.READ)).isEqualTo(1);
    assertThat(confirm(callback))
        .isInstanceOfSatisfying(
            Confirmation.Answered.class,
            a -> {
              assertThat(a.status()).isEqualTo(503);
              assertThat(a.retryAfter()).isEqualTo(Duration.ofSeconds(1));
            });
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    confirm(callback);
    assertThat(simulator.count(RequestKind.READ)).as("a second later").isEqualTo(2);
    confirm(body("{\"id\":\"" + taskId + "\",\"status\":\"succeeded\"}"));
    assertThat(simulator.count(RequestKind.READ))
        .as("the task's end, right after a change, is read at once")
        .isEqualTo(3);
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    for (int i = 0; i < 500; i++)
      confirm(body("{\"id\":\"cgt-made-up-" + i + "\",\"status\":\"succeeded\"}"));
    assertThat(simulator.count(RequestKind.READ))
        .as("the same URL with made-up task ids: one read, not 500")
        .isEqualTo(4);
  }

  /**
   * A host's delivery as the simulator signs and sends it to the event's URL, caught on loopback.
   */
  private record Delivery(
      Map<String, String> parameters, Map<String, String> headers, byte[] body) {}

  private Delivery deliveredFor(ProviderType host, String model, String prompt) throws Exception {
    HttpServer catcher =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    BlockingQueue<Delivery> caught = new LinkedBlockingQueue<>();
    catcher.createContext(
        "/inbound/",
        exchange -> {
          try (exchange) {
            Map<String, String> parameters = new HashMap<>();
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
              String[] kv = pair.split("=", 2);
              parameters.put(
                  URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                  URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange
                .getRequestHeaders()
                .forEach((name, values) -> headers.put(name, values.getFirst()));
            caught.add(new Delivery(parameters, headers, exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
          }
        });
    catcher.start();
    try {
      String url =
          events.sign(
              "http://127.0.0.1:" + catcher.getAddress().getPort() + "/inbound/" + WEBHOOK,
              WEBHOOK,
              7);
      ProviderConfig provider = new ProviderConfig(host, simulator.baseUrl(), "test-key");
      client.create(
          provider,
          client.validate(
              provider, VideoRequest.builder(model).prompt(prompt).callbackUrl(url).build()));
      Delivery delivery = caught.poll(20, TimeUnit.SECONDS);
      assertThat(delivery).as("the simulated " + host.wireName() + " delivered").isNotNull();
      return delivery;
    } finally {
      catcher.stop(0);
    }
  }

  /**
   * fal's and Replicate's signed deliveries: verified, they stand in for the read, so the event
   * correlates the ended task without reading it; the same delivery again is taken until its task
   * is correlated, then answered 200; a changed body, or one stripped of its signature, is refused.
   * None of it reads anything.
   */
  @ParameterizedTest
  @CsvSource({"fal, bytedance/seedance-2.0/fast", "replicate, bytedance/seedance-2.0-fast"})
  void aHostsSignedDeliveryIsTheEndWithoutARead(String type, String model) throws Exception {
    ProviderType host = ProviderType.fromWireName(type);
    ProviderConfig provider = new ProviderConfig(host, simulator.baseUrl(), "test-key");
    Delivery delivery = deliveredFor(host, model, "a kite over dunes");
    long reads = simulator.count(RequestKind.READ);
    Confirmation first =
        check.confirm(
            WEBHOOK, delivery.parameters(), delivery.headers(), delivery.body(), provider);
    assertThat(first)
        .isInstanceOfSatisfying(
            Confirmation.Ended.class,
            ended -> {
              assertThat(ended.task().status()).isEqualTo(TaskStatus.SUCCEEDED);
              assertThat(ended.task().videoUrl()).contains("/media/");
              String made = simulator.tasksWithPrompt("a kite over dunes").getFirst();
              assertThat(ended.task().taskId())
                  .as("the task id the create step returned")
                  .isEqualTo(host == ProviderType.FAL ? "bytedance:seedance-2.0:" + made : made);
            });
    assertThat(
            check.confirm(
                WEBHOOK, delivery.parameters(), delivery.headers(), delivery.body(), provider))
        .as(
            "the same delivery again before its correlation succeeded (the host delivers again"
                + " after a failed one): taken again")
        .isInstanceOf(Confirmation.Ended.class);
    calledBack.add(((Confirmation.Ended) first).task().taskId()); // the correlation succeeded
    assertThat(
            check.confirm(
                WEBHOOK, delivery.parameters(), delivery.headers(), delivery.body(), provider))
        .as("the same delivery once correlated")
        .isInstanceOfSatisfying(
            Confirmation.Answered.class, a -> assertThat(a.status()).isEqualTo(200));
    byte[] changed =
        new String(delivery.body(), StandardCharsets.UTF_8)
            .replace("/media/", "/elsewhere/")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(check.confirm(WEBHOOK, delivery.parameters(), delivery.headers(), changed, provider))
        .as("a changed body")
        .isInstanceOfSatisfying(
            Confirmation.Answered.class, a -> assertThat(a.status()).isEqualTo(401));
    assertThat(check.confirm(WEBHOOK, delivery.parameters(), Map.of(), delivery.body(), provider))
        .as("no signature")
        .isInstanceOfSatisfying(
            Confirmation.Answered.class, a -> assertThat(a.status()).isEqualTo(401));
    assertThat(simulator.count(RequestKind.READ)).as("nothing was read").isEqualTo(reads);
  }
}
