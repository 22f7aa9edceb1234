package dev.seedflow.seedance.replay;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Takes each key (a callback URL's token, a task id) at most once per {@link #SPACING}, remembering
 * the newest {@link #REMEMBERED}. A callback URL can be read off any finished job and replayed
 * thousands of times a second; what the replays may cost (a read, a forward to a peer) is then one
 * a second per key, in memory that does not grow with the flood. A provider's own repeats come
 * seconds apart and pass.
 */
public final class ReplayGuard {
  public static final Duration SPACING = Duration.ofSeconds(1);
  static final int REMEMBERED = 10_000;

  private final LongSupplier nanoTime;
  private final Map<String, Long> takenAt =
      new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > REMEMBERED;
        }
      };

  /**
   * @param nanoTime the clock (System::nanoTime; tests set their own)
   */
  public ReplayGuard(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Whether this key is taken now: it was not within the last {@link #SPACING}. */
  public synchronized boolean take(String key) {
    long now = nanoTime.getAsLong();
    Long last = takenAt.get(key);
    if (last != null && now - last < SPACING.toNanos()) return false;
    takenAt.remove(key); // put back as the newest
    takenAt.put(key, now);
    return true;
  }
}
