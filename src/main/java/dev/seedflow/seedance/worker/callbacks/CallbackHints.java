package dev.seedflow.seedance.worker.callbacks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.replay.ReplayGuard;
import java.io.IOException;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a provider's callback as a hint, never as a result. Ark does not sign callbacks, and repeats, reorders or
 * loses them, so a callback only moves the next read of its task to now; the read, with the key, decides. In order:
 * the URL's token must be one we signed ({@link CallbackTokens}); the body must name a task and claim an end (a
 * running or queued callback changes nothing the fallback reads would not see); a final callback for the same token is
 * taken at most once a second ({@link ReplayGuard}); the task must be waited on here for the token's element
 * instance. A callback for a task another replica waits on is passed to the peers.
 */
public final class CallbackHints {
  private static final Logger LOG = LoggerFactory.getLogger(CallbackHints.class);

  /** Where a confirmed task's next read is brought forward: the worker's watcher. */
  public interface Watcher {
    /** Completes with whether this worker waits on that task for that element instance. */
    CompletableFuture<Boolean> hint(String taskId, long elementInstanceKey);
  }

  private final CallbackTokens tokens;
  private final Watcher watcher;
  private final CallbackPeers peers;
  private final Consumer<CallbackOutcome> counted;
  private final ReplayGuard recent;

  public CallbackHints(CallbackTokens tokens, Watcher watcher, CallbackPeers peers, Consumer<CallbackOutcome> counted) {
    this(tokens, watcher, peers, counted, System::nanoTime);
  }

  /** @param nanoTime the clock replays are spaced by (tests set their own) */
  CallbackHints(CallbackTokens tokens, Watcher watcher, CallbackPeers peers, Consumer<CallbackOutcome> counted, LongSupplier nanoTime) {
    this.tokens = tokens;
    this.watcher = watcher;
    this.peers = peers;
    this.counted = counted;
    this.recent = new ReplayGuard(nanoTime);
  }

  /**
   * @param token the last segment of the URL it was sent to
   * @param forwarded whether another replica passed it on (then it is not passed on again)
   */
  public CallbackOutcome receive(String token, byte[] body, boolean forwarded) {
    CallbackOutcome outcome = decide(token, body, forwarded);
    counted.accept(outcome);
    return outcome;
  }

  private CallbackOutcome decide(String token, byte[] body, boolean forwarded) {
    OptionalLong elementInstance = tokens.verify(token);
    if (elementInstance.isEmpty()) {
      // Counted (seedflow_callbacks_total{outcome="forged"}), logged only at debug: a flood of them must not flood the log.
      LOG.debug("A callback came to a URL no worker gave out; ignored, nothing read");
      return CallbackOutcome.FORGED;
    }
    JsonNode task;
    try {
      task = Json.mapper().readTree(body);
    } catch (IOException notJson) {
      return CallbackOutcome.MALFORMED;
    }
    String taskId = task == null ? null : task.path("id").asText(null);
    if (taskId == null || taskId.isBlank()) return CallbackOutcome.MALFORMED;
    if (!TaskStatus.fromProviderWord(task.path("status").asText(null)).isFinal()) return CallbackOutcome.NOT_FINAL;
    if (!recent.take(token)) return CallbackOutcome.REPEATED;
    boolean waitedHere;
    try {
      waitedHere = watcher.hint(taskId, elementInstance.getAsLong()).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      waitedHere = false;
    } catch (ExecutionException | TimeoutException e) {
      waitedHere = false;
    }
    if (waitedHere) {
      LOG.debug("Callback for task {}: reading it now to confirm", taskId);
      return CallbackOutcome.CONFIRMING;
    }
    if (forwarded) return CallbackOutcome.NOT_WAITED_HERE;
    return switch (peers.pass(token, body)) {
      case PASSED -> CallbackOutcome.PASSED_TO_PEERS;
      case BUSY -> CallbackOutcome.PEERS_BUSY;
      case NO_PEERS -> CallbackOutcome.NOT_WAITED_HERE;
    };
  }
}
