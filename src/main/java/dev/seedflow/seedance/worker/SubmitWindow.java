package dev.seedflow.seedance.worker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures the two engine round trips around a create call. The intent's, before it: what never paying twice costs
 * each submit. And the window from the provider's answer until the engine has confirmed the task id on the element
 * instance: a crash inside it leaves the intent without a task id, and the returning job raises an incident that asks
 * a person to look, instead of paying twice; the shorter the window, the rarer that is.
 */
public final class SubmitWindow {
  private final AtomicLong longestNanos = new AtomicLong();
  private final LongAdder count = new LongAdder();
  private final LongAdder intentNanos = new LongAdder();
  private final AtomicLong longestIntentNanos = new AtomicLong();
  private final LongAdder intents = new LongAdder();

  void recordIntent(Duration roundTrip) {
    intentNanos.add(roundTrip.toNanos());
    longestIntentNanos.accumulateAndGet(roundTrip.toNanos(), Math::max);
    intents.increment();
  }

  void record(Duration window) {
    longestNanos.accumulateAndGet(window.toNanos(), Math::max);
    count.increment();
  }

  public Duration longest() {
    return Duration.ofNanos(longestNanos.get());
  }

  public long submits() {
    return count.sum();
  }

  /** The intents confirmed so far. */
  public long intents() {
    return intents.sum();
  }

  /** All intents' round trips together, from the command sent to the engine's confirmation. */
  public Duration intentTotal() {
    return Duration.ofNanos(intentNanos.sum());
  }

  public Duration longestIntent() {
    return Duration.ofNanos(longestIntentNanos.get());
  }
}
