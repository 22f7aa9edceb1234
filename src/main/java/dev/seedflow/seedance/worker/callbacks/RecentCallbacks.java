package dev.seedflow.seedance.worker.callbacks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The final callbacks taken in the last {@link #SPACING}, by token, the newest {@link #REMEMBERED}: a token can be read
 * from any callback URL, and replayed thousands of times a second. Each element instance's callbacks are taken at most
 * once a second (a provider's own repeats come seconds apart); the rest are answered at once and cost nothing: no
 * hint, no forward, no memory beyond this bounded map.
 */
final class RecentCallbacks {
  static final Duration SPACING = Duration.ofSeconds(1);
  static final int REMEMBERED = 10_000;

  private final LongSupplier nanoTime;
  private final Map<String, Long> takenAt = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > REMEMBERED;
    }
  };

  RecentCallbacks(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Whether a callback with this token is taken now: none was within the last second. */
  synchronized boolean take(String token) {
    long now = nanoTime.getAsLong();
    Long last = takenAt.get(token);
    if (last != null && now - last < SPACING.toNanos()) return false;
    takenAt.remove(token); // re-inserted as the newest
    takenAt.put(token, now);
    return true;
  }
}
