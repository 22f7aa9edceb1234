package dev.seedflow.seedance.connector.finished;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.FailurePolicy;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.TaskIds;
import java.io.IOException;
import java.util.Optional;

/**
 * What a callback to the "video finished" event comes to. Callbacks are not signed, so the body only names a task;
 * the task is then read from the provider with the key, and only that read says whether it ended and how. A forged
 * callback costs one read and correlates nothing.
 */
final class CallbackCheck {
  /** Ark's body is one task, a few kilobytes; anything far larger is not a callback. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** The outcome: a confirmed end to correlate, or an answer to the caller and nothing more. */
  sealed interface Confirmation {
    /** The provider says the task ended (with a video or without): correlate it. */
    record Ended(TaskSnapshot task) implements Confirmation {}

    /** Nothing to correlate; the HTTP status tells the caller whether to send it again (5xx: yes). */
    record Answered(int status, String message) implements Confirmation {}
  }

  private final SeedanceClient client;
  private final CalledBackTasks calledBack;

  CallbackCheck(SeedanceClient client, CalledBackTasks calledBack) {
    this.client = client;
    this.calledBack = calledBack;
  }

  Confirmation confirm(byte[] body, ProviderConfig provider) {
    if (body != null && body.length > MAX_BODY_BYTES) {
      return new Confirmation.Answered(413, "the callback is " + body.length + " bytes, over " + MAX_BODY_BYTES + "; it is not a task");
    }
    Optional<String> named = taskId(body);
    if (named.isEmpty()) return new Confirmation.Answered(400, "the callback names no task: its JSON body needs a task id in 'id'");
    String taskId = named.get();
    if (calledBack.contains(taskId)) return new Confirmation.Answered(200, "task " + taskId + " was reported already");
    TaskSnapshot task;
    try {
      task = client.get(provider, taskId);
    } catch (SeedanceException e) {
      if (e.errorCode() == ErrorCode.NOT_FOUND) {
        return new Confirmation.Answered(404, "the provider has no task " + taskId + ", so it did not send this callback");
      }
      // A provider that cannot be read now may be read when it calls again (Ark retries a final callback 3 times).
      int status = FailurePolicy.retries(e) ? 503 : 502;
      return new Confirmation.Answered(status, "task " + taskId + " could not be read to confirm the callback: " + e.code() + ": " + e.getMessage());
    }
    if (!task.status().isFinal()) {
      return new Confirmation.Answered(202, "task " + taskId + " is " + task.status() + "; the event waits for its end");
    }
    return new Confirmation.Ended(task);
  }

  /** The task id a callback's body names ({@code id}, Ark's task body), when it is one a task id may be. */
  static Optional<String> taskId(byte[] body) {
    if (body == null || body.length == 0 || body.length > MAX_BODY_BYTES) return Optional.empty();
    try {
      JsonNode id = Json.mapper().readTree(body).path("id");
      return id.isTextual() && TaskIds.isSafe(id.asText()) ? Optional.of(id.asText()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
