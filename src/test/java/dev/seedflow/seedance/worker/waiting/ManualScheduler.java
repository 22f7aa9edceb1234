package dev.seedflow.seedance.worker.waiting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A scheduler on a clock of its own: nothing runs until the test lets time pass, and then every
 * task runs in order of its due time, on the test's thread, with the clock set to that time. A wait
 * of minutes runs in milliseconds, and the same way every time. The submit room's tests share it; a
 * task at a fixed delay (the line's tick) runs again each time it falls due, and a rate is refused.
 */
public final class ManualScheduler extends AbstractExecutorService
    implements ScheduledExecutorService {
  private final PriorityQueue<Task<?>> due = new PriorityQueue<>();
  private Instant now;
  private long sequence;
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  public ManualScheduler(Instant start) {
    this.now = start;
  }

  public Clock clock() {
    return clock;
  }

  public Instant now() {
    return now;
  }

  /**
   * Lets {@code time} pass: runs every task that falls due meanwhile, each at its own moment, and
   * those they schedule.
   */
  public void pass(Duration time) {
    Instant until = now.plus(time);
    while (!due.isEmpty() && !due.peek().at.isAfter(until)) {
      Task<?> next = due.poll();
      if (next.at.isAfter(now)) now = next.at;
      next.run();
      if (!next.isCancelled()) {
        try {
          next.get();
        } catch (ExecutionException | InterruptedException e) {
          throw new AssertionError(
              "a scheduled task threw, which the wait must never let happen", e.getCause());
        }
      }
    }
    now = until;
  }

  private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
    final Instant at;
    final long order = sequence++;

    Task(Callable<V> work, Instant at) {
      super(work);
      this.at = at;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(now, at));
    }

    @Override
    public int compareTo(Delayed other) {
      Task<?> that = (Task<?>) other;
      int byTime = at.compareTo(that.at);
      return byTime != 0 ? byTime : Long.compare(order, that.order);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      due.remove(this);
      return super.cancel(mayInterruptIfRunning);
    }
  }

  private <V> ScheduledFuture<V> add(Callable<V> work, long delay, TimeUnit unit) {
    Task<V> task = new Task<>(work, now.plus(Duration.of(Math.max(0, delay), unit.toChronoUnit())));
    due.add(task);
    return task;
  }

  @Override
  public void execute(Runnable command) {
    add(
        () -> {
          command.run();
          return null;
        },
        0,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(
        () -> {
          command.run();
          return null;
        },
        delay,
        unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return add(callable, delay, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("nothing here schedules at a fixed rate");
  }

  /**
   * Runs {@code command} after {@code initialDelay}, then again {@code delay} after each run; the
   * future stops it all.
   */
  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    AtomicBoolean stopped = new AtomicBoolean();
    Runnable[] again = new Runnable[1];
    again[0] =
        () -> {
          if (stopped.get()) return;
          command.run();
          schedule(again[0], delay, unit);
        };
    ScheduledFuture<?> first = schedule(again[0], initialDelay, unit);
    return stoppable(first, stopped);
  }

  private static ScheduledFuture<?> stoppable(ScheduledFuture<?> first, AtomicBoolean stopped) {
    return new ScheduledFuture<Object>() {
      @Override
      public long getDelay(TimeUnit unit) {
        return first.getDelay(unit);
      }

      @Override
      public int compareTo(Delayed other) {
        return first.compareTo(other);
      }

      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        stopped.set(true);
        return first.cancel(mayInterruptIfRunning);
      }

      @Override
      public boolean isCancelled() {
        return stopped.get();
      }

      @Override
      public boolean isDone() {
        return stopped.get();
      }

      @Override
      public Object get() {
        throw new UnsupportedOperationException("a periodic task has no result");
      }

      @Override
      public Object get(long timeout, TimeUnit unit) {
        throw new UnsupportedOperationException("a periodic task has no result");
      }
    };
  }

  @Override
  public void shutdown() {}

  @Override
  public List<Runnable> shutdownNow() {
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return false;
  }

  @Override
  public boolean isTerminated() {
    return false;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return true;
  }
}
