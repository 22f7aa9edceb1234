package dev.seedflow.seedance.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a call is tried again: exponential backoff with jitter, or the
 * provider's Retry-After.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public RetryPolicy {
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
  }

  /**
   * The wait before attempt {@code attempt + 1}: what the provider asked for, else backoff with ±20
   * % jitter.
   */
  Duration delayAfter(int attempt, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter;
    }
    long base =
        Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt - 1, 20));
    double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
    return Duration.ofMillis(Math.round(base * jitter));
  }
}
