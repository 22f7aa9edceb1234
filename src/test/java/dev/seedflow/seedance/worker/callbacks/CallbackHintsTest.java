package dev.seedflow.seedance.worker.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.WebhookSignatures;
import dev.seedflow.seedance.replay.ReplayGuard;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What a callback can and cannot do, before any engine or HTTP: only a URL we signed, only a task
 * named and claimed ended, only for the element instance the URL was signed for, and then nothing
 * but a hint to read. The signature is checked on every URL; a changed digit, another key or a
 * truncated token is refused.
 */
class CallbackHintsTest {
  private static final String SECRET = "a-callback-signing-key-of-32-chars-or-more";
  private final CallbackTokens tokens = new CallbackTokens(SECRET);
  private final List<String> hinted = new ArrayList<>();
  private final List<CallbackOutcome> counted = new ArrayList<>();

  private static final SeedanceClient CLIENT = new SeedanceClient(ClientSettings.forLocalRun());
  private static final WebhookSignatures SIGNATURES =
      new WebhookSignatures(CLIENT, WebhookSignatures.FAL_KEYS, Clock.systemUTC());

  /**
   * The watcher's side, stood in for: an interface of ours, so the callbacks' rules can be shown
   * without an engine. It waits on the tasks it is given, on Ark, and notes each hint.
   */
  private final class StandInWatcher implements CallbackHints.Watcher {
    final Map<Long, String> waits = new HashMap<>();
    ProviderType provider = ProviderType.ARK;

    StandInWatcher on(ProviderType type) {
      provider = type;
      return this;
    }

    StandInWatcher waitsOn(long elementInstance, String taskId) {
      waits.put(elementInstance, taskId);
      return this;
    }

    @Override
    public CompletableFuture<Boolean> hint(String taskId, long elementInstance) {
      hinted.add(taskId + "@" + elementInstance);
      return CompletableFuture.completedFuture(taskId.equals(waits.get(elementInstance)));
    }

    @Override
    public CompletableFuture<Optional<CallbackHints.Waited>> waitedOn(long elementInstance) {
      return CompletableFuture.completedFuture(
          Optional.ofNullable(waits.get(elementInstance))
              .map(
                  taskId ->
                      new CallbackHints.Waited(
                          new ProviderConfig(provider, "https://host.example", "key"), taskId)));
    }

    @Override
    public void deliver(long elementInstance, TaskSnapshot task) {
      throw new AssertionError("only a verified delivery is taken as an answer, and none here is");
    }
  }

  private CallbackHints hints(CallbackHints.Watcher watcher) {
    return new CallbackHints(
        tokens, watcher, new CallbackPeers(List.of()), CLIENT, SIGNATURES, counted::add);
  }

  private CallbackHints hints(boolean waitedHere) {
    return hints(waitedHere ? new StandInWatcher().waitsOn(42, "cgt-1") : new StandInWatcher());
  }

  private static CallbackOutcome receive(CallbackHints hints, String token, byte[] body) {
    return hints.receive(token, Map.of(), body, false);
  }

  private static byte[] task(String id, String status) {
    return ("{\"id\":\""
            + id
            + "\",\"status\":\""
            + status
            + "\",\"content\":{\"video_url\":\"https://attacker.example/x.mp4\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSignedUrlAndAnEndedTaskGiveOneHintAndNothingElse() {
    assertThat(receive(hints(true), tokens.issue(42), task("cgt-1", "succeeded")))
        .isEqualTo(CallbackOutcome.CONFIRMING);
    assertThat(hinted).containsExactly("cgt-1@42");
    assertThat(counted).containsExactly(CallbackOutcome.CONFIRMING);
  }

  @Test
  void urlsWeDidNotSignAreRefusedBeforeAnythingIsRead() {
    String token = tokens.issue(42);
    String otherKey = new CallbackTokens(SECRET + "-rotated").issue(42);
    String changed = "43" + token.substring(2);
    for (String forged :
        List.of(
            otherKey,
            changed,
            token.substring(0, token.length() - 2),
            "42",
            "",
            "../metrics",
            "42.%%%")) {
      assertThat(receive(hints(true), forged, task("cgt-1", "succeeded")))
          .as(forged)
          .isEqualTo(CallbackOutcome.FORGED);
    }
    assertThat(hinted).isEmpty();
  }

  @Test
  void aRunningStatusOrABodyThatIsNoTaskHintsNothing() {
    CallbackHints hints = hints(true);
    assertThat(receive(hints, tokens.issue(42), task("cgt-1", "running")))
        .isEqualTo(CallbackOutcome.NOT_FINAL);
    assertThat(receive(hints, tokens.issue(42), "not json".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(CallbackOutcome.MALFORMED);
    assertThat(
            receive(
                hints,
                tokens.issue(42),
                "{\"status\":\"succeeded\"}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(CallbackOutcome.MALFORMED);
    assertThat(hinted).isEmpty();
  }

  /**
   * A job on a host that signs its webhooks takes no unsigned callback, nor one whose signature
   * does not hold, even at its own URL and naming its own task: refused, and nothing read.
   */
  @Test
  void aSigningHostsJobTakesNoUnsignedOrBadlySignedCallback() {
    for (ProviderType host : new ProviderType[] {ProviderType.FAL, ProviderType.REPLICATE}) {
      CallbackHints hints = hints(new StandInWatcher().on(host).waitsOn(42, "cgt-1"));
      assertThat(receive(hints, tokens.issue(42), task("cgt-1", "succeeded")))
          .as(host.wireName())
          .isEqualTo(CallbackOutcome.SIGNATURE_REFUSED);
      Map<String, String> badlySigned =
          Map.of(
              "webhook-id",
              "msg_1",
              "webhook-timestamp",
              "1",
              "webhook-signature",
              "v1,AAAA",
              "X-Fal-Webhook-Signature",
              "00");
      assertThat(hints.receive(tokens.issue(42), badlySigned, task("cgt-1", "succeeded"), false))
          .as(host.wireName())
          .isEqualTo(CallbackOutcome.SIGNATURE_REFUSED);
    }
    assertThat(hinted).isEmpty();
  }

  @Test
  void aTaskNotWaitedOnHereWithNoPeersEndsHere() {
    assertThat(receive(hints(false), tokens.issue(42), task("cgt-1", "failed")))
        .isEqualTo(CallbackOutcome.NOT_WAITED_HERE);
  }

  /**
   * A token read from a finished job's URL, replayed: within a second only the first is taken,
   * whatever the body.
   */
  @Test
  void replaysOfOneUrlAreTakenOnceASecond() {
    AtomicLong now = new AtomicLong();
    CallbackHints hints =
        new CallbackHints(
            tokens,
            new StandInWatcher().waitsOn(42, "cgt-0").waitsOn(43, "cgt-x"),
            new CallbackPeers(List.of()),
            CLIENT,
            SIGNATURES,
            counted::add,
            now::get);
    String token = tokens.issue(42);
    for (int i = 0; i < 1000; i++) receive(hints, token, task("cgt-" + i, "succeeded"));
    assertThat(hinted).containsExactly("cgt-0@42");
    assertThat(counted.stream().filter(o -> o == CallbackOutcome.REPEATED)).hasSize(999);
    assertThat(receive(hints, tokens.issue(43), task("cgt-x", "succeeded")))
        .as("another element instance's")
        .isEqualTo(CallbackOutcome.CONFIRMING);
    now.addAndGet(ReplayGuard.SPACING.toNanos());
    assertThat(receive(hints, token, task("cgt-0", "succeeded")))
        .as("a second later")
        .isEqualTo(CallbackOutcome.CONFIRMING);
  }

  /**
   * A peer that takes the connection and never answers: forwards pile up to {@link
   * CallbackPeers#IN_FLIGHT} and no further; the rest are dropped and counted, at once.
   */
  @Test
  void forwardsToASlowPeerAreBoundedAndTheRestDropped() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1000)) {
      CallbackHints hints =
          new CallbackHints(
              tokens,
              new StandInWatcher(),
              new CallbackPeers(List.of("http://127.0.0.1:" + silent.getLocalPort())),
              CLIENT,
              SIGNATURES,
              counted::add);
      long began = System.nanoTime();
      for (int i = 0; i < 500; i++)
        receive(hints, tokens.issue(1000 + i), task("cgt-" + i, "succeeded"));
      assertThat(Duration.ofNanos(System.nanoTime() - began))
          .as("none waits for the peer")
          .isLessThan(Duration.ofSeconds(3));
      assertThat(counted.stream().filter(o -> o == CallbackOutcome.PASSED_TO_PEERS))
          .hasSize(CallbackPeers.IN_FLIGHT);
      assertThat(counted.stream().filter(o -> o == CallbackOutcome.PEERS_BUSY))
          .hasSize(500 - CallbackPeers.IN_FLIGHT);
    }
  }

  @Test
  void aShortSecretIsRefusedAtStart() {
    assertThatThrownBy(() -> new CallbackTokens("short"))
        .hasMessageContaining("seedflow.worker.callbacks.secret")
        .hasMessageContaining("32 characters");
  }
}
