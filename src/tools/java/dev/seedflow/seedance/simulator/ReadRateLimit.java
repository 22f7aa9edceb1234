package dev.seedflow.seedance.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A provider's limit on status reads per API key, as a fixed rate in real time: each key has a
 * bucket of one second's reads, refilled at the rate; a read that finds it empty is refused (429)
 * and counts for nothing. Keys are told apart by their hash, so the simulator keeps no key.
 */
final class ReadRateLimit {
  private final Map<Integer, Bucket> buckets = new ConcurrentHashMap<>();
  private final Queue<Instant> refusals = new ConcurrentLinkedQueue<>();

  /** Reads a second per key; 0 is no limit. */
  private volatile double perSecond;

  void set(int perMinute) {
    buckets.clear();
    perSecond = perMinute / 60.0;
  }

  /**
   * Whether a read with this Authorization header is within its key's rate; a refusal is recorded.
   */
  boolean admits(String authorization) {
    double rate = perSecond;
    if (rate <= 0) return true;
    boolean admitted =
        buckets
            .computeIfAbsent(
                authorization.hashCode(), key -> new Bucket(Math.max(1, rate), System.nanoTime()))
            .take(rate);
    if (!admitted) refusals.add(Instant.now());
    return admitted;
  }

  /** When each refused read arrived, in order. */
  List<Instant> refusals() {
    return List.copyOf(refusals);
  }

  private static final class Bucket {
    private final double capacity;
    private double tokens;
    private long refilledAt;

    Bucket(double capacity, long now) {
      this.capacity = capacity;
      this.tokens = capacity;
      this.refilledAt = now;
    }

    synchronized boolean take(double perSecond) {
      long now = System.nanoTime();
      tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * perSecond);
      refilledAt = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    }
  }
}
