package dev.seedflow.seedance.worker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures the window from the provider's answer to a create call until the engine has confirmed the task id on the
 * element instance. A crash inside it leaves the submit intent without a task id: the returning job raises an incident
 * that asks a person to look, instead of paying twice; the shorter the window, the rarer that is.
 */
public final class SubmitWindow {
  private final AtomicLong longestNanos = new AtomicLong();
  private final LongAdder count = new LongAdder();

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
}
