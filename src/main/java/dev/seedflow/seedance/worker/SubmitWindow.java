package dev.seedflow.seedance.worker;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures the one window in which a crash can still cost a second paid task: from the provider's answer to a create
 * call until the engine has confirmed the task id on the element instance.
 */
public final class SubmitWindow {
  private final AtomicLong longestNanos = new AtomicLong();
  private final LongAdder count = new LongAdder();
  private final LongAdder totalNanos = new LongAdder();

  void record(Duration window) {
    longestNanos.accumulateAndGet(window.toNanos(), Math::max);
    totalNanos.add(window.toNanos());
    count.increment();
  }

  public Duration longest() {
    return Duration.ofNanos(longestNanos.get());
  }

  public Duration average() {
    long n = count.sum();
    return n == 0 ? Duration.ZERO : Duration.ofNanos(totalNanos.sum() / n);
  }

  public long submits() {
    return count.sum();
  }
}
