package dev.seedflow.seedance.client;

import java.time.Duration;

/**
 * Timeouts and retry rules of the client.
 *
 * @param readTimeout the longest silence while waiting for bytes of an answer
 * @param readCallTimeout the deadline of one status read or cancel, whatever the provider trickles:
 *     an I/O thread is never held longer than this per attempt
 * @param submitCallTimeout the deadline of one create call, upload of inline media included; past
 *     it the outcome is unknown and the create is never sent again
 * @param reads retries of status reads and cancels, which are safe to repeat
 * @param submits retries of create calls, used only when the provider provably did not take the
 *     request
 * @param longestRetryAfterWait a Retry-After longer than this is not slept through; the error goes
 *     to the caller, which can reschedule without holding a thread
 * @param retryAfterCap the longest Retry-After obeyed at all: a provider that asks for years (or
 *     {@code 1e300} seconds) would otherwise park a create for years, or close the read budget of
 *     every task on its key
 * @param localRun the provider and its media are on this machine (the local runner's simulator):
 *     result URLs on loopback and over plain http are accepted, and names may resolve to private
 *     addresses. Off unless set, and never inferred from the provider's address: a production
 *     worker behind a proxy on localhost keeps every rule
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
    Duration retryAfterCap,
    boolean localRun) {

  public static ClientSettings defaults() {
    return new ClientSettings(
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(45),
        Duration.ofSeconds(120),
        new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(8)),
        new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8)),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        false);
  }

  /**
   * The defaults with the two client settings the worker and the connector have: the deadline of
   * one create call where one is set, and whether this is a local run.
   */
  public static ClientSettings defaultsWith(Duration createCallTimeout, boolean localRun) {
    ClientSettings defaults = defaults().withLocalRun(localRun);
    return createCallTimeout == null
        ? defaults
        : defaults.withCallTimeouts(defaults.readCallTimeout(), createCallTimeout);
  }

  /** The defaults for a client of the simulator on this machine. */
  public static ClientSettings forLocalRun() {
    return defaults().withLocalRun(true);
  }

  public ClientSettings withLocalRun(boolean value) {
    return new ClientSettings(
        connectTimeout,
        readTimeout,
        writeTimeout,
        readCallTimeout,
        submitCallTimeout,
        reads,
        submits,
        longestRetryAfterWait,
        retryAfterCap,
        value);
  }

  public ClientSettings withReadTimeout(Duration value) {
    return new ClientSettings(
        connectTimeout,
        value,
        writeTimeout,
        readCallTimeout,
        submitCallTimeout,
        reads,
        submits,
        longestRetryAfterWait,
        retryAfterCap,
        localRun);
  }

  public ClientSettings withCallTimeouts(Duration read, Duration submit) {
    return new ClientSettings(
        connectTimeout,
        readTimeout,
        writeTimeout,
        read,
        submit,
        reads,
        submits,
        longestRetryAfterWait,
        retryAfterCap,
        localRun);
  }

  public ClientSettings withRetries(RetryPolicy newReads, RetryPolicy newSubmits) {
    return new ClientSettings(
        connectTimeout,
        readTimeout,
        writeTimeout,
        readCallTimeout,
        submitCallTimeout,
        newReads,
        newSubmits,
        longestRetryAfterWait,
        retryAfterCap,
        localRun);
  }

  /**
   * Each status read tried once, and no Retry-After slept through: for reads a caller answers for
   * at once (a webhook's), which pass a refusal on to whoever can call again later rather than hold
   * a request thread.
   */
  public ClientSettings withReadsTriedOnce() {
    return withRetries(new RetryPolicy(1, reads.initialBackoff(), reads.maxBackoff()), submits)
        .withLongestRetryAfterWait(Duration.ZERO);
  }

  public ClientSettings withLongestRetryAfterWait(Duration value) {
    return new ClientSettings(
        connectTimeout,
        readTimeout,
        writeTimeout,
        readCallTimeout,
        submitCallTimeout,
        reads,
        submits,
        value,
        retryAfterCap,
        localRun);
  }

  public ClientSettings withRetryAfterCap(Duration value) {
    return new ClientSettings(
        connectTimeout,
        readTimeout,
        writeTimeout,
        readCallTimeout,
        submitCallTimeout,
        reads,
        submits,
        longestRetryAfterWait,
        value,
        localRun);
  }
}
