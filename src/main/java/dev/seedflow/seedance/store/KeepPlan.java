package dev.seedflow.seedance.store;

import dev.seedflow.seedance.client.TaskSnapshot;
import java.time.Duration;

/**
 * What to keep of a finished video as Camunda documents.
 *
 * @param timeToLive how long the store keeps them; null for the store's own default
 * @param onTooLarge what a file over the upload limit does
 */
public record KeepPlan(
    boolean video, boolean lastFrame, Duration timeToLive, OnTooLarge onTooLarge) {
  public static final KeepPlan NOTHING = new KeepPlan(false, false, null, OnTooLarge.INCIDENT);

  /**
   * Whether this finished task has anything to keep: a last frame is asked for by default, but only
   * a task made with {@code returnLastFrame} has one, and without anything to download there is no
   * download to wait for.
   */
  public boolean keepsAnythingOf(TaskSnapshot task) {
    return (video && task.videoUrl() != null) || (lastFrame && task.lastFrameUrl() != null);
  }
}
