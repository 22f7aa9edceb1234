package dev.seedflow.seedance.connector.finished;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.FailurePolicy;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.TaskIds;
import dev.seedflow.seedance.replay.ReplayGuard;
import dev.seedflow.seedance.signing.EventTokens;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What a callback to the "video finished" event comes to. Ark signs nothing, so the URL carries the proof: a token the
 * create step signed for this event ({@link EventTokens}), checked before anything else; a callback without a valid
 * one is answered 403 at once and costs no read. The body then only names a task, read from the provider with the key
 * (once, never retried inside the call, at most once a second per callback URL and claim), and only that read says
 * whether it ended.
 */
final class CallbackCheck {
  /** Ark's body is one task, a few kilobytes; anything far larger is not a callback. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** The outcome: a confirmed end to correlate, or an answer to the caller and nothing more. */
  sealed interface Confirmation {
    /** The provider says the task ended (with a video or without): correlate it. */
    record Ended(TaskSnapshot task) implements Confirmation {}

    /** Nothing to correlate; the HTTP status tells the caller whether to send it again (5xx: yes, after {@code retryAfter}). */
    record Answered(int status, String message, Duration retryAfter) implements Confirmation {
      Answered(int status, String message) {
        this(status, message, null);
      }
    }
  }

  /** How long a provider that refused a read for its rate is asked to wait before it calls again, unless it said. */
  static final Duration RATE_LIMITED_WAIT = Duration.ofSeconds(5);

  private final SeedanceClient client;
  private final CalledBackTasks calledBack;
  private final EventTokens events;
  private final ReplayGuard recentReads;

  CallbackCheck(SeedanceClient client, CalledBackTasks calledBack, EventTokens events, LongSupplier nanoTime) {
    this.client = client;
    this.calledBack = calledBack;
    this.events = events;
    this.recentReads = new ReplayGuard(nanoTime);
  }

  /**
   * @param webhookId the event's webhook id, which its tokens are signed for
   * @param token the callback URL's {@code token} parameter, null when it has none
   */
  Confirmation confirm(String webhookId, String token, byte[] body, ProviderConfig provider) {
    try {
      if (!events.verify(webhookId, token)) {
        return new Confirmation.Answered(403, "not a callback URL a create step gave out for this event (its token is missing or not ours); nothing was read");
      }
    } catch (SeedanceException noSecret) {
      return new Confirmation.Answered(403, noSecret.getMessage());
    }
    if (body != null && body.length > MAX_BODY_BYTES) {
      return new Confirmation.Answered(413, "the callback is " + body.length + " bytes, over " + MAX_BODY_BYTES + "; it is not a task");
    }
    Optional<Claim> claim = Claim.of(body);
    if (claim.isEmpty()) return new Confirmation.Answered(400, "the callback names no task: its JSON body needs a task id in 'id'");
    String taskId = claim.get().taskId();
    if (calledBack.contains(taskId)) return new Confirmation.Answered(200, "task " + taskId + " was reported already");
    // One read a second per callback URL and claim, whatever task the body names: a URL stands for one create, so a
    // replay of it, with the same task or made-up ones, waits; the task's end right after its "running" callback is
    // read at once.
    if (!recentReads.take(token + (claim.get().ended() ? "#end" : "#change"))) {
      return new Confirmation.Answered(503, "this callback URL led to a read less than a second ago; call again", ReplayGuard.SPACING);
    }
    TaskSnapshot task;
    try {
      task = client.get(provider, taskId);
    } catch (SeedanceException e) {
      if (e.errorCode() == ErrorCode.NOT_FOUND) {
        return new Confirmation.Answered(404, "the provider has no task " + taskId + ", so it did not send this callback");
      }
      // A provider that cannot be read now may be read when it calls again (Ark retries a final callback 3 times): a
      // 429 is never waited out inside the call, but answered so that the caller comes back after the wait.
      String message = "task " + taskId + " could not be read to confirm the callback: " + e.getMessage();
      if (!FailurePolicy.retries(e)) return new Confirmation.Answered(502, message);
      return new Confirmation.Answered(503, message, e.errorCode() == ErrorCode.RATE_LIMITED ? e.retryAfter().orElse(RATE_LIMITED_WAIT) : null);
    }
    if (!task.status().isFinal()) {
      return new Confirmation.Answered(202, "task " + taskId + " is " + task.status() + "; the event waits for its end");
    }
    return new Confirmation.Ended(task);
  }

  /** What a callback's body says, read once: the task it names (when one a task id may be), and whether it claims an end. */
  record Claim(String taskId, boolean ended) {
    static Optional<Claim> of(byte[] body) {
      if (body == null || body.length == 0 || body.length > MAX_BODY_BYTES) return Optional.empty();
      try {
        JsonNode task = Json.mapper().readTree(body);
        JsonNode id = task.path("id");
        return id.isTextual() && TaskIds.isSafe(id.asText())
            ? Optional.of(new Claim(id.asText(), TaskStatus.fromProviderWord(task.path("status").asText(null)).isFinal()))
            : Optional.empty();
      } catch (IOException e) {
        return Optional.empty();
      }
    }
  }

  /** The task id a callback's body names ({@code id}, Ark's task body), when it is one a task id may be. */
  static Optional<String> taskId(byte[] body) {
    return Claim.of(body).map(Claim::taskId);
  }
}
