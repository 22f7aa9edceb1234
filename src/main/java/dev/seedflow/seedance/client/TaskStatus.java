package dev.seedflow.seedance.client;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Map;

/**
 * The normalised state of a task. Providers use many words for these; {@link #fromProviderWord}
 * maps them all.
 */
public enum TaskStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  EXPIRED,
  UNKNOWN;

  private static final Map<String, TaskStatus> WORDS =
      Map.ofEntries(
          Map.entry("queued", QUEUED),
          Map.entry("pending", QUEUED),
          Map.entry("submitted", QUEUED),
          Map.entry("not_start", QUEUED),
          Map.entry("waiting", QUEUED),
          Map.entry("created", QUEUED),
          Map.entry("in_queue", QUEUED),
          Map.entry("starting", QUEUED),
          Map.entry("running", RUNNING),
          Map.entry("processing", RUNNING),
          Map.entry("in_progress", RUNNING),
          Map.entry("generating", RUNNING),
          Map.entry("succeeded", SUCCEEDED),
          Map.entry("success", SUCCEEDED),
          Map.entry("completed", SUCCEEDED),
          Map.entry("complete", SUCCEEDED),
          Map.entry("done", SUCCEEDED),
          Map.entry("failed", FAILED),
          Map.entry("failure", FAILED),
          Map.entry("error", FAILED),
          Map.entry("cancelled", CANCELLED),
          Map.entry("canceled", CANCELLED),
          // Replicate's aborted: a Cancel-After deadline passed before the prediction ran
          // (Replicate, "Prediction lifecycle").
          Map.entry("expired", EXPIRED),
          Map.entry("timeout", EXPIRED),
          Map.entry("aborted", EXPIRED));

  /**
   * Any provider's status word, in any case; a word nobody documented is {@link #UNKNOWN}, never an
   * error.
   */
  public static TaskStatus fromProviderWord(String word) {
    if (word == null || word.isBlank()) return UNKNOWN;
    return WORDS.getOrDefault(
        word.trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_'), UNKNOWN);
  }

  /** Whether the task will not change any more. */
  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == EXPIRED;
  }

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return wireName();
  }
}
