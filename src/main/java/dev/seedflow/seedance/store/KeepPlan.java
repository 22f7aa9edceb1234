package dev.seedflow.seedance.store;

import java.time.Duration;

/**
 * What to keep of a finished video as Camunda documents.
 *
 * @param timeToLive how long the store keeps them; null for the store's own default
 */
public record KeepPlan(boolean video, boolean lastFrame, Duration timeToLive) {
  public static final KeepPlan NOTHING = new KeepPlan(false, false, null);

  public boolean keepsAnything() {
    return video || lastFrame;
  }
}
