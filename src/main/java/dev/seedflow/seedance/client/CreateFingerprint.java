package dev.seedflow.seedance.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a create can be recognised by in the provider's task list, which echoes these fields but not
 * the prompt: the model, the seed, and the duration, ratio and resolution that were sent (null
 * where the provider chooses). The seed carries the weight: where the designer left it to chance,
 * the worker picks one at random in [0, 2^32-1] before the create ({@link
 * SeedanceClient#fingerprinted}), so another task of the same model matches by accident with odds
 * of 1 in 2^32. The provider would have picked one at random anyway, so the video's distribution
 * does not change.
 *
 * @param seed the seed sent; null where none could be (a dialect without seeds, or finalising a
 *     draft)
 * @param seedPicked whether the worker picked the seed: a designer's own seed is shared by every
 *     instance of the model, so it tells no instance's task from another's
 */
public record CreateFingerprint(
    String model,
    Long seed,
    boolean seedPicked,
    Integer duration,
    String ratio,
    String resolution) {

  /** Whether a task found by this fingerprint can only be this create's, but for the odds above. */
  public boolean identifiesOneCreate() {
    return seed != null && seedPicked;
  }

  /**
   * Whether the task echoes what this create sent. A field the task does not echo, or the provider
   * chose, is not held against it.
   */
  boolean matches(TaskSnapshot task) {
    return seed != null
        && seed.equals(task.seed())
        && (task.model() == null || task.model().equals(model))
        && (duration == null
            || duration <= 0
            || task.duration() == null
            || duration.equals(task.duration()))
        && (ratio == null
            || ratio.equals("adaptive")
            || ratio.equals("auto")
            || task.ratio() == null
            || ratio.equals(task.ratio()))
        && (resolution == null
            || task.resolution() == null
            || resolution.equalsIgnoreCase(task.resolution()));
  }

  /** The fingerprint as a person looks for it in the provider's console, for an incident. */
  public String describe(Instant createdAround) {
    List<String> parts = new ArrayList<>();
    parts.add("model " + model);
    parts.add(seed == null ? "no seed" : "seed " + seed + (seedPicked ? "" : " (the model's own)"));
    if (duration != null) parts.add(duration + " s");
    if (ratio != null) parts.add("ratio " + ratio);
    if (resolution != null) parts.add(resolution);
    if (createdAround != null) parts.add("created around " + createdAround);
    return String.join(", ", parts.stream().filter(Objects::nonNull).toList());
  }
}
