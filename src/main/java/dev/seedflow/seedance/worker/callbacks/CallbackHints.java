package dev.seedflow.seedance.worker.callbacks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.client.WebhookSignatures;
import dev.seedflow.seedance.client.WebhookVerdict;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.replay.ReplayGuard;
import dev.seedflow.seedance.request.ProviderConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Takes a provider's callback. First, always, the URL's token must be one we signed ({@link
 * CallbackTokens}); then it depends on whether the provider signs its callbacks:
 *
 * <ul>
 *   <li><b>Unsigned (Ark)</b>: a hint, never a result. Ark repeats, reorders or loses callbacks,
 *       and anyone who learnt the URL can send one, so a callback only moves the next read of its
 *       task to now, and that read, with the key, decides. The body must name a task and claim an
 *       end; a final callback for the same token is taken at most once a second ({@link
 *       ReplayGuard}).
 *   <li><b>Signed (fal, Replicate)</b>: the signature is verified before anything else is done
 *       ({@link WebhookSignatures}): a delivery whose signature does not hold, or that was taken
 *       before, is refused and nothing is read. A verified delivery is the host's own word: it
 *       stands in for the read (its result URLs checked as a read's are), so the wait ends without
 *       one. An unsigned callback to a job on a signing host is refused as one whose signature
 *       failed.
 * </ul>
 *
 * A callback for a task another replica waits on is passed to the peers, its signature headers with
 * it.
 */
public final class CallbackHints {
  private static final Logger LOG = LoggerFactory.getLogger(CallbackHints.class);

  /**
   * The headers a host signs with (fal's and Standard Webhooks'): a callback that has one is a
   * signed delivery.
   */
  static final List<String> SIGNATURE_HEADERS =
      List.of(
          "X-Fal-Webhook-Request-Id",
          "X-Fal-Webhook-User-Id",
          "X-Fal-Webhook-Timestamp",
          "X-Fal-Webhook-Signature",
          "webhook-id",
          "webhook-timestamp",
          "webhook-signature");

  /** What a job whose task calls back waits on: the provider it reads and the task. */
  public record Waited(ProviderConfig provider, String taskId) {}

  /** Where callbacks meet the waiting jobs: the worker's watcher. */
  public interface Watcher {
    /**
     * Brings the task's next read forward; completes with whether this worker waits on that task
     * for that element instance.
     */
    CompletableFuture<Boolean> hint(String taskId, long elementInstanceKey);

    /**
     * What this worker waits on for the element instance, where its task calls back; empty when
     * nothing.
     */
    CompletableFuture<Optional<Waited>> waitedOn(long elementInstanceKey);

    /** A verified delivery's task, taken as the answer of a read of it. */
    void deliver(long elementInstanceKey, TaskSnapshot task);
  }

  private final CallbackTokens tokens;
  private final Watcher watcher;
  private final CallbackPeers peers;
  private final SeedanceClient client;
  private final WebhookSignatures signatures;
  private final Consumer<CallbackOutcome> counted;
  private final ReplayGuard recent;

  public CallbackHints(
      CallbackTokens tokens,
      Watcher watcher,
      CallbackPeers peers,
      SeedanceClient client,
      WebhookSignatures signatures,
      Consumer<CallbackOutcome> counted) {
    this(tokens, watcher, peers, client, signatures, counted, System::nanoTime);
  }

  /**
   * @param nanoTime the clock replays are spaced by (tests set their own)
   */
  CallbackHints(
      CallbackTokens tokens,
      Watcher watcher,
      CallbackPeers peers,
      SeedanceClient client,
      WebhookSignatures signatures,
      Consumer<CallbackOutcome> counted,
      LongSupplier nanoTime) {
    this.tokens = tokens;
    this.watcher = watcher;
    this.peers = peers;
    this.client = client;
    this.signatures = signatures;
    this.counted = counted;
    this.recent = new ReplayGuard(nanoTime);
  }

  /**
   * @param token the last segment of the URL it was sent to
   * @param headers the request's headers, looked up case-insensitively
   * @param forwarded whether another replica passed it on (then it is not passed on again)
   */
  public CallbackOutcome receive(
      String token, Map<String, String> headers, byte[] body, boolean forwarded) {
    CallbackOutcome outcome = decide(token, headers, body, forwarded);
    counted.accept(outcome);
    return outcome;
  }

  private CallbackOutcome decide(
      String token, Map<String, String> headers, byte[] body, boolean forwarded) {
    OptionalLong elementInstance = tokens.verify(token);
    if (elementInstance.isEmpty()) {
      // Counted (seedflow_callbacks_total{outcome="forged"}), logged only at debug: a flood of them
      // must not flood the log.
      LOG.debug("A callback came to a URL no worker gave out; ignored, nothing read");
      return CallbackOutcome.FORGED;
    }
    long eik = elementInstance.getAsLong();
    return SIGNATURE_HEADERS.stream().anyMatch(headers::containsKey)
        ? signed(token, eik, headers, body, forwarded)
        : hint(token, eik, headers, body, forwarded);
  }

  /**
   * An unsigned callback (Ark's): a hint to read now, for a job on a provider that signs nothing.
   */
  private CallbackOutcome hint(
      String token, long eik, Map<String, String> headers, byte[] body, boolean forwarded) {
    JsonNode task;
    try {
      task = Json.mapper().readTree(body);
    } catch (IOException notJson) {
      return CallbackOutcome.MALFORMED;
    }
    String taskId = task == null ? null : task.path("id").asText(null);
    if (taskId == null || taskId.isBlank()) return CallbackOutcome.MALFORMED;
    if (!TaskStatus.fromProviderWord(task.path("status").asText(null)).isFinal())
      return CallbackOutcome.NOT_FINAL;
    if (!recent.take(token)) return CallbackOutcome.REPEATED;
    Optional<Waited> waited = await(watcher.waitedOn(eik), Optional.empty());
    if (waited.isEmpty() || !waited.get().taskId().equals(taskId))
      return passOn(token, headers, body, forwarded);
    if (!(signatures.verify(waited.get().provider(), headers, body)
        instanceof WebhookVerdict.Unsigned)) {
      LOG.debug(
          "An unsigned callback came for task {}, whose provider signs its callbacks; refused,"
              + " nothing read",
          taskId);
      return CallbackOutcome.SIGNATURE_REFUSED;
    }
    if (!await(watcher.hint(taskId, eik), false)) return passOn(token, headers, body, forwarded);
    LOG.debug("Callback for task {}: reading it now to confirm", taskId);
    return CallbackOutcome.CONFIRMING;
  }

  /**
   * A host's signed delivery: verified before anything is read, then taken as the answer of a read.
   */
  private CallbackOutcome signed(
      String token, long eik, Map<String, String> headers, byte[] body, boolean forwarded) {
    Optional<Waited> waited = await(watcher.waitedOn(eik), Optional.empty());
    if (waited.isEmpty()) {
      // Another replica's, or a job that ended: passed on at most once a second per URL, as an
      // unsigned one.
      return recent.take(token + "#signed")
          ? passOn(token, headers, body, forwarded)
          : CallbackOutcome.REPEATED;
    }
    Waited job = waited.get();
    return switch (signatures.verify(job.provider(), headers, body)) {
      case WebhookVerdict.Verified verified -> delivered(eik, job, body);
      case WebhookVerdict.Replayed replayed -> CallbackOutcome.REPEATED;
      case WebhookVerdict.Forged forged -> {
        LOG.debug(
            "A callback for task {} failed its signature check ({}); refused, nothing read",
            job.taskId(),
            forged.why());
        yield CallbackOutcome.SIGNATURE_REFUSED;
      }
      case WebhookVerdict.Unverifiable unverifiable -> {
        LOG.warn(
            "A callback for task {} could not be verified now ({}); the provider is asked to"
                + " deliver it again, and the reads go on",
            job.taskId(),
            unverifiable.why());
        yield CallbackOutcome.UNVERIFIABLE;
      }
      case WebhookVerdict.Unsigned unsigned ->
          CallbackOutcome.SIGNATURE_REFUSED; // signature headers for a provider that signs nothing
    };
  }

  private CallbackOutcome delivered(long eik, Waited job, byte[] body) {
    Optional<TaskSnapshot> task;
    try {
      task = client.callbackTask(job.provider(), job.taskId(), body);
    } catch (SeedanceException refused) {
      // A signed body that is not a task, or whose video URL is refused: a read of the task decides
      // instead.
      LOG.info(
          "A verified callback for task {} could not be taken ({}); reading the task instead",
          job.taskId(),
          refused.getMessage());
      watcher.hint(job.taskId(), eik);
      return CallbackOutcome.CONFIRMING;
    }
    if (task.isEmpty()) return CallbackOutcome.MALFORMED;
    if (!task.get().status().isFinal()) return CallbackOutcome.NOT_FINAL;
    watcher.deliver(eik, task.get());
    return CallbackOutcome.VERIFIED;
  }

  /** Not waited on here: passed to the other replicas, unless it came from one. */
  private CallbackOutcome passOn(
      String token, Map<String, String> headers, byte[] body, boolean forwarded) {
    if (forwarded) return CallbackOutcome.NOT_WAITED_HERE;
    return switch (peers.pass(token, headers, body)) {
      case PASSED -> CallbackOutcome.PASSED_TO_PEERS;
      case BUSY -> CallbackOutcome.PEERS_BUSY;
      case NO_PEERS -> CallbackOutcome.NOT_WAITED_HERE;
    };
  }

  private static <T> T await(CompletableFuture<T> answer, T otherwise) {
    try {
      return answer.get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return otherwise;
    } catch (ExecutionException | TimeoutException e) {
      return otherwise;
    }
  }
}
