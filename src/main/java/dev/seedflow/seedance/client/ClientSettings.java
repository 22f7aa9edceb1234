package dev.seedflow.seedance.client;

import java.time.Duration;

/**
 * Timeouts and retry rules of the client.
 *
 * @param reads retries of status reads and cancels, which are safe to repeat
 * @param submits retries of create calls, used only when the provider provably did not take the request
 * @param longestRetryAfterWait a Retry-After longer than this is not slept through; the error goes to the caller,
 *     which can reschedule without holding a thread
 */
public record ClientSettings(
    Duration connectTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    RetryPolicy reads,
    RetryPolicy submits,
    Duration longestRetryAfterWait) {

  public static ClientSettings defaults() {
    return new ClientSettings(
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
        new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8)),
        new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8)),
        Duration.ofSeconds(30));
  }

  public ClientSettings withReadTimeout(Duration value) {
    return new ClientSettings(connectTimeout, value, writeTimeout, reads, submits, longestRetryAfterWait);
  }

  public ClientSettings withRetries(RetryPolicy newReads, RetryPolicy newSubmits) {
    return new ClientSettings(connectTimeout, readTimeout, writeTimeout, newReads, newSubmits, longestRetryAfterWait);
  }

  public ClientSettings withLongestRetryAfterWait(Duration value) {
    return new ClientSettings(connectTimeout, readTimeout, writeTimeout, reads, submits, value);
  }
}
