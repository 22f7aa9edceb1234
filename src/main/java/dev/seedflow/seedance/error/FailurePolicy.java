package dev.seedflow.seedance.error;

import java.time.Duration;

/**
 * What a failed step does next, decided once for the connector and the worker: whether the job is tried again (with
 * its retries) and after how long. Only rate limits and provider trouble are worth another try; everything else
 * either cannot get better by waiting or could pay twice.
 */
public final class FailurePolicy {
  /**
   * The least a job waits before it is tried again. The client has already retried within the call, so an immediate
   * job retry would only repeat the same burst; a longer Retry-After from the provider wins.
   */
  public static final Duration TRANSIENT_BACKOFF = Duration.ofSeconds(10);

  private FailurePolicy() {}

  /** Whether the job may be tried again with its remaining retries. */
  public static boolean retries(SeedanceException failure) {
    return failure.errorCode().isTransient();
  }

  /** The job's retries after this failure: one fewer when it may be tried again, none otherwise. */
  public static int retriesLeft(SeedanceException failure, int jobRetries) {
    return retries(failure) ? Math.max(0, jobRetries - 1) : 0;
  }

  /** How long to wait before that try: the provider's Retry-After when longer than {@link #TRANSIENT_BACKOFF}. */
  public static Duration backoff(SeedanceException failure) {
    if (!retries(failure)) return Duration.ZERO;
    return failure.retryAfter().filter(wait -> wait.compareTo(TRANSIENT_BACKOFF) > 0).orElse(TRANSIENT_BACKOFF);
  }
}
