package dev.seedflow.seedance.worker;

import java.time.Duration;
import java.time.Instant;

/**
 * The status-read budget shared by every task of one provider and API key: a token bucket refilled at the
 * configured requests per minute, closed entirely after a 429 until the provider's Retry-After has passed.
 * Used from the scheduler thread only.
 */
final class RateBudget {
  private final double perSecond;
  private final double capacity;
  private double tokens;
  private Instant refilledAt;
  private Instant closedUntil = Instant.MIN;

  RateBudget(int requestsPerMinute, Instant now) {
    this.perSecond = requestsPerMinute / 60.0;
    this.capacity = Math.max(1, requestsPerMinute / 6.0); // a ten-second burst at most
    this.tokens = capacity;
    this.refilledAt = now;
  }

  /** Takes one request from the budget, or says when to ask again. */
  Duration take(Instant now) {
    if (now.isBefore(closedUntil)) {
      return Duration.between(now, closedUntil);
    }
    tokens = Math.min(capacity, tokens + Duration.between(refilledAt, now).toNanos() / 1e9 * perSecond);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) ((1 - tokens) / perSecond * 1e9));
  }

  void closeUntil(Instant until) {
    if (until.isAfter(closedUntil)) {
      closedUntil = until;
    }
  }
}
