package dev.seedflow.seedance.client;

import java.time.Duration;

/**
 * Timeouts and retry rules of the client.
 *
 * @param readTimeout the longest silence while waiting for bytes of an answer
 * @param readCallTimeout the deadline of one status read or cancel, whatever the provider trickles: an I/O thread
 *     is never held longer than this per attempt
 * @param submitCallTimeout the deadline of one create call, upload of inline media included; past it the outcome is
 *     unknown and the create is never sent again
 * @param reads retries of status reads and cancels, which are safe to repeat
 * @param submits retries of create calls, used only when the provider provably did not take the request
 * @param longestRetryAfterWait a Retry-After longer than this is not slept through; the error goes to the caller,
 *     which can reschedule without holding a thread
 * @param retryAfterCap the longest Retry-After obeyed at all: a provider that asks for years (or {@code 1e300}
 *     seconds) would otherwise park a create for years, or close the read budget of every task on its key
 */
public record ClientSettings(
    Duration connectTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    Duration readCallTimeout,
    Duration submitCallTimeout,
    RetryPolicy reads,
    RetryPolicy submits,
    Duration longestRetryAfterWait,
    Duration retryAfterCap) {

  public static ClientSettings defaults() {
    return new ClientSettings(
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
        Duration.ofSeconds(45), Duration.ofSeconds(120),
        new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8)),
        new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8)),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5));
  }

  /** The defaults, with this deadline for one create call where one is set (a setting of the worker or the connector). */
  public static ClientSettings defaultsWithCreateCallTimeout(Duration createCallTimeout) {
    ClientSettings defaults = defaults();
    return createCallTimeout == null ? defaults : defaults.withCallTimeouts(defaults.readCallTimeout(), createCallTimeout);
  }

  public ClientSettings withReadTimeout(Duration value) {
    return new ClientSettings(connectTimeout, value, writeTimeout, readCallTimeout, submitCallTimeout, reads, submits, longestRetryAfterWait, retryAfterCap);
  }

  public ClientSettings withCallTimeouts(Duration read, Duration submit) {
    return new ClientSettings(connectTimeout, readTimeout, writeTimeout, read, submit, reads, submits, longestRetryAfterWait, retryAfterCap);
  }

  public ClientSettings withRetries(RetryPolicy newReads, RetryPolicy newSubmits) {
    return new ClientSettings(connectTimeout, readTimeout, writeTimeout, readCallTimeout, submitCallTimeout, newReads, newSubmits, longestRetryAfterWait, retryAfterCap);
  }

  public ClientSettings withLongestRetryAfterWait(Duration value) {
    return new ClientSettings(connectTimeout, readTimeout, writeTimeout, readCallTimeout, submitCallTimeout, reads, submits, value, retryAfterCap);
  }

  public ClientSettings withRetryAfterCap(Duration value) {
    return new ClientSettings(connectTimeout, readTimeout, writeTimeout, readCallTimeout, submitCallTimeout, reads, submits, longestRetryAfterWait, value);
  }
}
