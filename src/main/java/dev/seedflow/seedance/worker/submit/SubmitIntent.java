package dev.seedflow.seedance.worker.submit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.client.CreateFingerprint;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A generate job's note, stored on its element instance and confirmed by the engine before the
 * create call goes out: "this job is about to pay for this video". A job that comes back with the
 * note and no task id cannot know whether the provider took that call, so it never submits blindly:
 * it looks for the task by the note's fingerprint in the provider's list, or asks a person (see
 * {@code LostCreates}).
 *
 * @param attemptId unique per create call, to tell attempts apart in logs and incidents
 * @param fingerprint what the create's task is recognised by; null in a note written before
 *     fingerprints were kept
 * @param creates how many creates this job has sent so far, this one included: each one the
 *     provider's list showed it never took counts, so a provider that answers every create with a
 *     5xx and lists none is not paid for ever
 */
public record SubmitIntent(
    String attemptId, Instant at, String model, CreateFingerprint fingerprint, int creates) {

  /**
   * How long after its intent a create may still be sent: a create that waited longer for its
   * thread is not sent, but begun again with a fresh intent. So a create is in flight at most this
   * plus its deadline after its intent.
   */
  public static final Duration SENT_WITHIN = Duration.ofSeconds(5);

  /**
   * Until when this intent's create may still be in flight, with a create deadline of {@code
   * createDeadline}.
   */
  Instant inFlightUntil(Duration createDeadline) {
    return at.plus(SENT_WITHIN).plus(createDeadline);
  }

  /** Whether its create may still be sent now ({@link #SENT_WITHIN}). */
  public boolean mayStillBeSent(Instant now) {
    return !now.isAfter(at.plus(SENT_WITHIN));
  }

  public static SubmitIntent now(Instant at, CreateFingerprint fingerprint, int creates) {
    return new SubmitIntent(
        UUID.randomUUID().toString(), at, fingerprint.model(), fingerprint, creates);
  }

  /**
   * The stored note, or null when there is none (never set, or cleared to null by the worker or a
   * person).
   */
  public static SubmitIntent from(JsonNode stored) {
    if (stored == null || !stored.isObject()) return null;
    Instant at;
    try {
      at = Instant.parse(stored.path("at").asText());
    } catch (RuntimeException unreadable) {
      at = null;
    }
    String model = stored.path("model").asText(null);
    JsonNode seed = stored.path("seed");
    CreateFingerprint fingerprint =
        stored.has("seedPicked") && model != null
            ? new CreateFingerprint(
                model,
                seed.canConvertToLong() ? seed.asLong() : null,
                stored.path("seedPicked").asBoolean(),
                stored.path("duration").canConvertToInt() ? stored.path("duration").asInt() : null,
                stored.path("ratio").asText(null),
                stored.path("resolution").asText(null))
            : null;
    return new SubmitIntent(
        stored.path("attemptId").asText(null),
        at,
        model,
        fingerprint,
        Math.max(1, stored.path("creates").asInt(1)));
  }

  public Map<String, Object> asVariable() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("attemptId", attemptId);
    value.put("at", at.toString());
    value.put("model", model);
    value.put("seed", fingerprint.seed());
    value.put("seedPicked", fingerprint.seedPicked());
    value.put("duration", fingerprint.duration());
    value.put("ratio", fingerprint.ratio());
    value.put("resolution", fingerprint.resolution());
    value.put("creates", creates);
    return value;
  }
}
