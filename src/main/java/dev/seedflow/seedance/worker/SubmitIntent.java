package dev.seedflow.seedance.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A generate job's note, stored on its element instance and confirmed by the engine before the create call goes
 * out: "this job is about to pay for a video". A job that comes back with the note and no task id cannot know
 * whether the provider took that call, so it never submits blindly (see {@code VideoJobHandler}).
 *
 * @param attemptId unique per create call, to tell attempts apart in logs and incidents
 */
record SubmitIntent(String attemptId, Instant at, String model) {

  static SubmitIntent now(Instant at, String model) {
    return new SubmitIntent(UUID.randomUUID().toString(), at, model);
  }

  /** The stored note, or null when there is none (never set, or cleared to null by the worker or a person). */
  static SubmitIntent from(JsonNode stored) {
    if (stored == null || !stored.isObject()) return null;
    Instant at;
    try {
      at = Instant.parse(stored.path("at").asText());
    } catch (RuntimeException unreadable) {
      at = null;
    }
    return new SubmitIntent(stored.path("attemptId").asText(null), at, stored.path("model").asText(null));
  }

  Map<String, Object> asVariable() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("attemptId", attemptId);
    value.put("at", at.toString());
    value.put("model", model);
    return value;
  }
}
