package dev.seedflow.seedance.replay;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the signed deliveries taken, so that one taken once is refused the next time, whoever
 * sends it. Only a delivery whose signature held is remembered, so a forger cannot fill it; the
 * newest {@link #REMEMBERED} are kept, far more than the deliveries a worker takes within the
 * minutes a signature's timestamp is accepted.
 */
public final class DeliveryIds {
  static final int REMEMBERED = 100_000;

  private final Map<String, Boolean> seen =
      new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** Whether this id is taken now, for the first time. */
  public synchronized boolean firstTime(String id) {
    return seen.putIfAbsent(id, Boolean.TRUE) == null;
  }
}
