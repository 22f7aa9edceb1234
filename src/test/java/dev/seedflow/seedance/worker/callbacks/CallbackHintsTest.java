package dev.seedflow.seedance.worker.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedflow.seedance.replay.ReplayGuard;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What a callback can and cannot do, before any engine or HTTP: only a URL we signed, only a task named and claimed
 * ended, only for the element instance the URL was signed for, and then nothing but a hint to read. The signature is
 * checked on every URL; a changed digit, another key or a truncated token is refused.
 */
class CallbackHintsTest {
  private static final String SECRET = "a-callback-signing-key-of-32-chars-or-more";
  private final CallbackTokens tokens = new CallbackTokens(SECRET);
  private final List<String> hinted = new ArrayList<>();
  private final List<CallbackOutcome> counted = new ArrayList<>();

  private CallbackHints hints(boolean waitedHere) {
    return new CallbackHints(tokens, (taskId, elementInstance) -> {
      hinted.add(taskId + "@" + elementInstance);
      return CompletableFuture.completedFuture(waitedHere && elementInstance == 42);
    }, new CallbackPeers(List.of()), counted::add);
  }

  private static byte[] task(String id, String status) {
    return ("{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"content\":{\"video_url\":\"https://attacker.example/x.mp4\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSignedUrlAndAnEndedTaskGiveOneHintAndNothingElse() {
    assertThat(hints(true).receive(tokens.issue(42), task("cgt-1", "succeeded"), false)).isEqualTo(CallbackOutcome.CONFIRMING);
    assertThat(hinted).containsExactly("cgt-1@42");
    assertThat(counted).containsExactly(CallbackOutcome.CONFIRMING);
  }

  @Test
  void urlsWeDidNotSignAreRefusedBeforeAnythingIsRead() {
    String token = tokens.issue(42);
    String otherKey = new CallbackTokens(SECRET + "-rotated").issue(42);
    String changed = "43" + token.substring(2);
    for (String forged : List.of(otherKey, changed, token.substring(0, token.length() - 2), "42", "", "../metrics", "42.%%%")) {
      assertThat(hints(true).receive(forged, task("cgt-1", "succeeded"), false)).as(forged).isEqualTo(CallbackOutcome.FORGED);
    }
    assertThat(hinted).isEmpty();
  }

  @Test
  void aRunningStatusOrABodyThatIsNoTaskHintsNothing() {
    CallbackHints hints = hints(true);
    assertThat(hints.receive(tokens.issue(42), task("cgt-1", "running"), false)).isEqualTo(CallbackOutcome.NOT_FINAL);
    assertThat(hints.receive(tokens.issue(42), "not json".getBytes(StandardCharsets.UTF_8), false)).isEqualTo(CallbackOutcome.MALFORMED);
    assertThat(hints.receive(tokens.issue(42), "{\"status\":\"succeeded\"}".getBytes(StandardCharsets.UTF_8), false)).isEqualTo(CallbackOutcome.MALFORMED);
    assertThat(hinted).isEmpty();
  }

  @Test
  void aTaskNotWaitedOnHereWithNoPeersEndsHere() {
    assertThat(hints(false).receive(tokens.issue(42), task("cgt-1", "failed"), false)).isEqualTo(CallbackOutcome.NOT_WAITED_HERE);
  }

  /** A token read from a finished job's URL, replayed: within a second only the first is taken, whatever the body. */
  @Test
  void replaysOfOneUrlAreTakenOnceASecond() {
    AtomicLong now = new AtomicLong();
    CallbackHints hints = new CallbackHints(tokens, (taskId, elementInstance) -> {
      hinted.add(taskId + "@" + elementInstance);
      return CompletableFuture.completedFuture(true);
    }, new CallbackPeers(List.of()), counted::add, now::get);
    String token = tokens.issue(42);
    for (int i = 0; i < 1000; i++) hints.receive(token, task("cgt-" + i, "succeeded"), false);
    assertThat(hinted).containsExactly("cgt-0@42");
    assertThat(counted.stream().filter(o -> o == CallbackOutcome.REPEATED)).hasSize(999);
    assertThat(hints.receive(tokens.issue(43), task("cgt-x", "succeeded"), false)).as("another element instance's").isEqualTo(CallbackOutcome.CONFIRMING);
    now.addAndGet(ReplayGuard.SPACING.toNanos());
    assertThat(hints.receive(token, task("cgt-0", "succeeded"), false)).as("a second later").isEqualTo(CallbackOutcome.CONFIRMING);
  }

  /**
   * A peer that takes the connection and never answers: forwards pile up to {@link CallbackPeers#IN_FLIGHT} and no
   * further; the rest are dropped and counted, at once.
   */
  @Test
  void forwardsToASlowPeerAreBoundedAndTheRestDropped() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1000)) {
      CallbackHints hints = new CallbackHints(tokens, (taskId, elementInstance) -> CompletableFuture.completedFuture(false),
          new CallbackPeers(List.of("http://127.0.0.1:" + silent.getLocalPort())), counted::add);
      long began = System.nanoTime();
      for (int i = 0; i < 500; i++) hints.receive(tokens.issue(1000 + i), task("cgt-" + i, "succeeded"), false);
      assertThat(Duration.ofNanos(System.nanoTime() - began)).as("none waits for the peer").isLessThan(Duration.ofSeconds(3));
      assertThat(counted.stream().filter(o -> o == CallbackOutcome.PASSED_TO_PEERS)).hasSize(CallbackPeers.IN_FLIGHT);
      assertThat(counted.stream().filter(o -> o == CallbackOutcome.PEERS_BUSY)).hasSize(500 - CallbackPeers.IN_FLIGHT);
    }
  }

  @Test
  void aShortSecretIsRefusedAtStart() {
    assertThatThrownBy(() -> new CallbackTokens("short")).hasMessageContaining("seedflow.worker.callbacks.secret")
        .hasMessageContaining("32 characters");
  }
}
