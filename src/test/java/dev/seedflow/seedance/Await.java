package dev.seedflow.seedance;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting in a test for something to become true, within a deadline, instead of sleeping a fixed
 * time and hoping: as fast as the thing happens, and a failure that says what did not happen when
 * it does not.
 */
public final class Await {
  private static final Duration EVERY = Duration.ofMillis(20);

  private Await() {}

  /**
   * Returns once {@code condition} holds; fails with {@code what} when {@code within} passes first.
   */
  public static void until(String what, Duration within, BooleanSupplier condition)
      throws InterruptedException {
    value(what, within, condition::getAsBoolean, Boolean::booleanValue);
  }

  /**
   * The first value {@code read} gives that is {@code done}; fails with {@code what} when {@code
   * within} passes first.
   */
  public static <T> T value(String what, Duration within, Supplier<T> read, Predicate<T> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = read.get();
      if (done.test(last)) return last;
      Thread.sleep(EVERY.toMillis());
    }
    throw new AssertionError("not within " + within + ": " + what + " (last seen: " + last + ")");
  }
}
