package dev.seedflow.seedance.connector.finished;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.client.WebhookSignatures;
import dev.seedflow.seedance.client.WebhookVerdict;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.FailurePolicy;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.replay.ReplayGuard;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.TaskIds;
import dev.seedflow.seedance.signing.EventTokens;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What a callback to the "video finished" event comes to. First, always, the URL must carry a token
 * the create step signed for this event ({@link EventTokens}); a callback without a valid one is
 * answered 403 at once and costs no read. Then:
 *
 * <ul>
 *   <li>from a host that signs its webhooks (fal, Replicate), the signature must hold ({@link
 *       WebhookSignatures}), or the callback is refused (401) with nothing read. A verified
 *       delivery is the host's own word about the task and stands in for the read; the same
 *       delivery again is answered 200 once its task is correlated;
 *   <li>from Ark, which signs nothing, the body only names a task, read from the provider with the
 *       key (once, never retried inside the call, at most once a second per callback URL and
 *       claim), and only that read says whether it ended.
 * </ul>
 */
final class CallbackCheck {
  /** Ark's body is one task, a few kilobytes; anything far larger is not a callback. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** The outcome: a confirmed end to correlate, or an answer to the caller and nothing more. */
  sealed interface Confirmation {
    /** The provider says the task ended (with a video or without): correlate it. */
    record Ended(TaskSnapshot task) implements Confirmation {}

    /**
     * Nothing to correlate; the HTTP status tells the caller whether to send it again (5xx: yes,
     * after {@code retryAfter}).
     */
    record Answered(int status, String message, Duration retryAfter) implements Confirmation {
      Answered(int status, String message) {
        this(status, message, null);
      }
    }
  }

  /**
   * How long a provider that refused a read for its rate is asked to wait before it calls again,
   * unless it said.
   */
  static final Duration RATE_LIMITED_WAIT = Duration.ofSeconds(5);

  /**
   * How long a host whose signature cannot be checked now is asked to wait before it delivers
   * again.
   */
  static final Duration UNVERIFIABLE_WAIT = Duration.ofMinutes(1);

  private final SeedanceClient client;
  private final CalledBackTasks calledBack;
  private final EventTokens events;
  private final WebhookSignatures signatures;
  private final ReplayGuard recentReads;

  CallbackCheck(
      SeedanceClient client,
      CalledBackTasks calledBack,
      EventTokens events,
      WebhookSignatures signatures,
      LongSupplier nanoTime) {
    this.client = client;
    this.calledBack = calledBack;
    this.events = events;
    this.signatures = signatures;
    this.recentReads = new ReplayGuard(nanoTime);
  }

  /**
   * @param webhookId the event's webhook id, which its tokens are signed for
   * @param parameters the callback URL's query parameters: its {@code token}, and fal's app
   * @param headers the callback's headers, looked up case-insensitively
   */
  Confirmation confirm(
      String webhookId,
      Map<String, String> parameters,
      Map<String, String> headers,
      byte[] body,
      ProviderConfig provider) {
    String token = parameters.get(EventTokens.PARAMETER);
    try {
      if (!events.verify(webhookId, token)) {
        return new Confirmation.Answered(
            403,
            "not a callback URL a create step gave out for this event (its token is missing or not"
                + " ours); nothing was read");
      }
    } catch (SeedanceException noSecret) {
      return new Confirmation.Answered(403, noSecret.getMessage());
    }
    if (body != null && body.length > MAX_BODY_BYTES) {
      return new Confirmation.Answered(
          413,
          "the callback is "
              + body.length
              + " bytes, over "
              + MAX_BODY_BYTES
              + "; it is not a task");
    }
    return switch (signatures.verify(provider, headers, body == null ? new byte[0] : body)) {
      case WebhookVerdict.Unsigned unsigned -> confirmByReading(token, body, provider);
      case WebhookVerdict.Verified verified -> takeVerified(parameters, body, provider);
      // Taken before, signature and all: answered 200 once its task is correlated; until then (its
      // correlation failed,
      // and the host delivers again) taken again, since a correlation is made once per task id
      // whatever repeats it.
      case WebhookVerdict.Replayed replayed -> takeVerified(parameters, body, provider);
      case WebhookVerdict.Forged forged ->
          new Confirmation.Answered(
              401,
              "the provider's signature does not hold (" + forged.why() + "); nothing was read");
      case WebhookVerdict.Unverifiable unverifiable ->
          new Confirmation.Answered(
              503, unverifiable.why() + "; deliver it again later", UNVERIFIABLE_WAIT);
    };
  }

  /**
   * A verified delivery: the host's own word, taken as a read's answer would be (its result URLs
   * checked as a read's are). One whose body cannot be taken (a refused URL) is confirmed by a read
   * instead.
   */
  private Confirmation takeVerified(
      Map<String, String> parameters, byte[] body, ProviderConfig provider) {
    Optional<String> taskId = client.callbackTaskId(provider, parameters, body);
    if (taskId.isEmpty())
      return new Confirmation.Answered(
          400, "the signed callback names no task this event can correlate");
    if (calledBack.contains(taskId.get()))
      return new Confirmation.Answered(200, "task " + taskId.get() + " was reported already");
    Optional<TaskSnapshot> task;
    try {
      task = client.callbackTask(provider, taskId.get(), body);
    } catch (SeedanceException untakeable) {
      return read(taskId.get(), provider);
    }
    if (task.isEmpty())
      return new Confirmation.Answered(
          400, "the signed callback names no task this event can correlate");
    if (!task.get().status().isFinal()) {
      return new Confirmation.Answered(
          202,
          "task " + taskId.get() + " is " + task.get().status() + "; the event waits for its end");
    }
    return new Confirmation.Ended(task.get());
  }

  /** An unsigned callback (Ark's): it only names a task, which a read confirms. */
  private Confirmation confirmByReading(String token, byte[] body, ProviderConfig provider) {
    Optional<Claim> claim = Claim.of(body);
    if (claim.isEmpty())
      return new Confirmation.Answered(
          400, "the callback names no task: its JSON body needs a task id in 'id'");
    String taskId = claim.get().taskId();
    if (calledBack.contains(taskId))
      return new Confirmation.Answered(200, "task " + taskId + " was reported already");
    // One read a second per callback URL and claim, whatever task the body names: a URL stands for
    // one create, so a
    // replay of it, with the same task or made-up ones, waits; the task's end right after its
    // "running" callback is
    // read at once.
    if (!recentReads.take(token + (claim.get().ended() ? "#end" : "#change"))) {
      return new Confirmation.Answered(
          503,
          "this callback URL led to a read less than a second ago; call again",
          ReplayGuard.SPACING);
    }
    return read(taskId, provider);
  }

  /** The task read with the key, once: only an ended one is correlated. */
  private Confirmation read(String taskId, ProviderConfig provider) {
    TaskSnapshot task;
    try {
      task = client.get(provider, taskId);
    } catch (SeedanceException e) {
      if (e.errorCode() == ErrorCode.NOT_FOUND) {
        return new Confirmation.Answered(
            404, "the provider has no task " + taskId + ", so it did not send this callback");
      }
      // A provider that cannot be read now may be read when it calls again (Ark retries a final
      // callback 3 times): a
      // 429 is never waited out inside the call, but answered so that the caller comes back after
      // the wait.
      String message =
          "task " + taskId + " could not be read to confirm the callback: " + e.getMessage();
      if (!FailurePolicy.retries(e)) return new Confirmation.Answered(502, message);
      return new Confirmation.Answered(
          503,
          message,
          e.errorCode() == ErrorCode.RATE_LIMITED
              ? e.retryAfter().orElse(RATE_LIMITED_WAIT)
              : null);
    }
    if (!task.status().isFinal()) {
      return new Confirmation.Answered(
          202, "task " + taskId + " is " + task.status() + "; the event waits for its end");
    }
    return new Confirmation.Ended(task);
  }

  /**
   * What a callback's body says, read once: the task it names (when one a task id may be), and
   * whether it claims an end.
   */
  record Claim(String taskId, boolean ended) {
    static Optional<Claim> of(byte[] body) {
      if (body == null || body.length == 0 || body.length > MAX_BODY_BYTES) return Optional.empty();
      try {
        JsonNode task = Json.mapper().readTree(body);
        JsonNode id = task.path("id");
        return id.isTextual() && TaskIds.isSafe(id.asText())
            ? Optional.of(
                new Claim(
                    id.asText(),
                    TaskStatus.fromProviderWord(task.path("status").asText(null)).isFinal()))
            : Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * The task id a callback is about ({@code id} in Ark's and Replicate's body; fal's request id
   * with its URL's app).
   */
  Optional<String> taskId(ProviderConfig provider, Map<String, String> parameters, byte[] body) {
    return body == null ? Optional.empty() : client.callbackTaskId(provider, parameters, body);
  }
}
