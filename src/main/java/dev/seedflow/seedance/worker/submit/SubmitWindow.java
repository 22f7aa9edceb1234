package dev.seedflow.seedance.worker.submit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures the two engine round trips around a create call. The intent's, before it: what never
 * paying twice costs each submit. And the window from the provider's answer until the engine has
 * confirmed the task id on the element instance: a crash inside it leaves the intent without a task
 * id, and the returning job raises an incident that asks a person to look, instead of paying twice;
 * the shorter the window, the rarer that is.
 */
public final class SubmitWindow {
  private final RoundTrips intent = new RoundTrips();
  private final RoundTrips answerToTaskId = new RoundTrips();

  /** From the intent's command to the engine's confirmation, one per confirmed intent. */
  public RoundTrips intent() {
    return intent;
  }

  /**
   * From the provider's answer to a create until the engine confirmed the task id, one per submit.
   */
  public RoundTrips answerToTaskId() {
    return answerToTaskId;
  }

  /** How many round trips of one kind, how long together and the longest. Thread-safe. */
  public static final class RoundTrips {
    private final LongAdder count = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final AtomicLong longestNanos = new AtomicLong();

    public void record(Duration roundTrip) {
      count.increment();
      totalNanos.add(roundTrip.toNanos());
      longestNanos.accumulateAndGet(roundTrip.toNanos(), Math::max);
    }

    public long count() {
      return count.sum();
    }

    public Duration total() {
      return Duration.ofNanos(totalNanos.sum());
    }

    public Duration longest() {
      return Duration.ofNanos(longestNanos.get());
    }
  }
}
