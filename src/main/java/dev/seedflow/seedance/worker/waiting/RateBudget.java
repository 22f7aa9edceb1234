package dev.seedflow.seedance.worker.waiting;

import java.time.Duration;
import java.time.Instant;

/**
 * The status-read budget shared by every task of one provider and API key: a token bucket refilled
 * at a rate that follows the provider. It starts at the configured requests per minute; a 429
 * halves it (and drops the burst saved up), and it grows back by a constant step, regaining the
 * configured rate in {@link #RECOVERY} without another 429: additive increase, multiplicative
 * decrease. Replicas reading with one key so settle under the provider's limit together without
 * talking to each other. A Retry-After also closes the budget entirely until it has passed. Used
 * from the scheduler thread only.
 */
public final class RateBudget {
  /** From next to nothing back to the configured rate, without a 429 on the way. */
  static final Duration RECOVERY = Duration.ofMinutes(2);

  /** The rate never drops below one request a minute: a task is still read now and then. */
  private static final double LOWEST_PER_SECOND = 1 / 60.0;

  private final double ceiling;
  private final double capacity;
  private final double growthPerSecond;
  private double perSecond;
  private double tokens;
  private Instant refilledAt;
  private Instant closedUntil = Instant.MIN;
  private Instant cutAt = Instant.MIN;

  RateBudget(int requestsPerMinute, Instant now) {
    this.ceiling = requestsPerMinute / 60.0;
    this.perSecond = ceiling;
    this.capacity = Math.max(1, requestsPerMinute / 6.0); // a ten-second burst at most
    this.growthPerSecond = ceiling / RECOVERY.toSeconds();
    this.tokens = capacity;
    this.refilledAt = now;
  }

  /** Takes one request from the budget, or says when to ask again. */
  Duration take(Instant now) {
    if (now.isBefore(closedUntil)) {
      return Duration.between(now, closedUntil);
    }
    refill(now);
    if (tokens >= 1) {
      tokens -= 1;
      return Duration.ZERO;
    }
    // Until a whole token has come in, counting the rate's own growth (else a cut rate would plan
    // reads a minute off).
    double need = 1 - tokens;
    double growth = perSecond < ceiling ? growthPerSecond : 0;
    double seconds =
        growth == 0
            ? need / perSecond
            : (Math.sqrt(perSecond * perSecond + 2 * growth * need) - perSecond) / growth;
    return Duration.ofNanos((long) Math.ceil(seconds * 1e9));
  }

  /**
   * The provider refused a read for its rate limit (429): half the rate, and no saved-up burst. A
   * read sent before the last cut says nothing the cut has not answered, so the refusals of one
   * burst halve the rate once, not once each.
   */
  void refused(Instant sentAt, Instant now) {
    if (sentAt.isBefore(cutAt)) return;
    cutAt = now;
    refill(now);
    perSecond = Math.max(LOWEST_PER_SECOND, perSecond / 2);
    tokens = 0;
  }

  private void refill(Instant now) {
    double seconds = Duration.between(refilledAt, now).toNanos() / 1e9;
    if (seconds <= 0) return;
    tokens = Math.min(capacity, tokens + seconds * perSecond);
    perSecond = Math.min(ceiling, perSecond + seconds * growthPerSecond);
    refilledAt = now;
  }

  void closeUntil(Instant until) {
    if (until.isAfter(closedUntil)) {
      closedUntil = until;
    }
  }

  /** Requests a minute, as the budget stands now (for tests and logs). */
  double requestsPerMinute() {
    return perSecond * 60;
  }
}
