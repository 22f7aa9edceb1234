package dev.seedflow.seedance.error;

import java.time.Duration;

/**
 * What a failure does next, decided here once for every provider call the product makes: whether a
 * connector or worker job is tried again (with its retries) and after how long, and whether a wait
 * reads its task again after a failed status read. Only rate limits and provider trouble are worth
 * another job; everything else either cannot get better by waiting or could pay twice.
 * docs/errors.md says the same, and a test holds the two together.
 */
public final class FailurePolicy {
  /**
   * The least a job waits before it is tried again. The client has already retried within the call,
   * so an immediate job retry would only repeat the same burst; a longer Retry-After from the
   * provider wins.
   */
  public static final Duration TRANSIENT_BACKOFF = Duration.ofSeconds(10);

  /**
   * Failed status reads of one task in a row (429s not counted: they speak of the key, whose read
   * budget slows for them) after which a wait gives up, where reading again may help: provider
   * trouble or an answer that was not a task.
   */
  public static final int MOST_FAILED_READS = 20;

  /**
   * A task the provider does not know is read this many times before the wait gives up: a provider
   * may answer 404 for a moment right after the create, before its read side has the task.
   */
  public static final int NOT_FOUND_READS = 3;

  private FailurePolicy() {}

  /** Whether a job that failed with this code may be tried again with its remaining retries. */
  public static boolean retries(ErrorCode code) {
    return code.isTransient();
  }

  /** Whether the job may be tried again with its remaining retries. */
  public static boolean retries(SeedanceException failure) {
    return retries(failure.errorCode());
  }

  /** The job's retries after this failure: one fewer when it may be tried again, none otherwise. */
  public static int retriesLeft(SeedanceException failure, int jobRetries) {
    return retries(failure) ? Math.max(0, jobRetries - 1) : 0;
  }

  /**
   * How long to wait before that try: the provider's Retry-After when longer than {@link
   * #TRANSIENT_BACKOFF}.
   */
  public static Duration backoff(SeedanceException failure) {
    if (!retries(failure)) return Duration.ZERO;
    return failure
        .retryAfter()
        .filter(wait -> wait.compareTo(TRANSIENT_BACKOFF) > 0)
        .orElse(TRANSIENT_BACKOFF);
  }

  /**
   * Whether a wait reads its task again after a status read failed with this code, the {@code
   * taskFailuresInARow}th failed read of the task in a row (429s not counted). A 429 is always read
   * again: only {@code wait.timeout} bounds it.
   */
  public static boolean readsAgain(ErrorCode code, int taskFailuresInARow) {
    return switch (code) {
      case RATE_LIMITED -> true;
      case PROVIDER_UNAVAILABLE, BAD_RESPONSE -> taskFailuresInARow < MOST_FAILED_READS;
      case NOT_FOUND -> taskFailuresInARow < NOT_FOUND_READS;
      default -> false;
    };
  }

  /**
   * How long a wait waits before that read: its poll interval, doubled for each task failure in a
   * row up to 16 times it, or the provider's Retry-After when longer.
   */
  public static Duration readBackoff(
      SeedanceException failure, Duration pollInterval, int taskFailuresInARow) {
    Duration backoff =
        pollInterval.multipliedBy(1L << Math.min(4, Math.max(0, taskFailuresInARow - 1)));
    return failure.retryAfter().filter(wait -> wait.compareTo(backoff) > 0).orElse(backoff);
  }
}
