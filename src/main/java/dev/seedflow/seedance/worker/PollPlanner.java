package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.request.ModelFacts;
import java.time.Duration;

/**
 * When to read a task next. A read far from the end is wasted and a read long after it delays the process. Where the
 * provider reports progress (the gateways), two readings give its rate, and the next read goes to the predicted end;
 * one reading gets a second soon, to learn the rate. Without progress (Ark) reads aim at 80 % of the time the model and
 * video length usually take. Reads are never closer than the user's {@code wait.pollInterval} nor further apart than
 * {@code longest}; a task that runs past its estimate is read more and more seldom, as it is probably queued or stuck.
 */
record PollPlanner(Duration typicalRun, Duration longest, Duration fixed) {
  /** Without a progress rate, aim a little before the estimated end: a good estimate costs one read, a poor one little lag. */
  private static final double AIM = 0.8;
  /** After a single progress reading, look again soon: the second reading gives the rate. */
  private static final double LEARN = 0.5;
  /** Providers advise a first status read 20-30 s after submission: 40 % of a typical fast run. */
  private static final double FIRST_READ = 0.4;

  static PollPlanner of(WorkerSettings settings) {
    return new PollPlanner(settings.typicalRun(), settings.longestPollInterval(), settings.fixedPollInterval());
  }

  /** The wait before the first read of a task just submitted: never before the user's poll interval. */
  Duration first(Duration floor, String model, Integer durationSeconds) {
    if (fixed != null) return fixed;
    return clamp(scale(expectedRun(model, durationSeconds), FIRST_READ), floor);
  }

  /**
   * @param floor the user's poll interval
   * @param sinceSubmit time since the task was created (or the wait began)
   * @param previous the reading before this one, or null
   * @param sincePrevious time since that reading
   */
  Duration next(Duration floor, TaskSnapshot task, Duration sinceSubmit, TaskSnapshot previous, Duration sincePrevious) {
    if (fixed != null) {
      return fixed;
    }
    Duration expected = expectedRun(task.model(), task.duration());
    Duration remaining;
    Integer progress = task.progress();
    if (task.status() == TaskStatus.RUNNING && progress != null && progress > 0 && progress < 100) {
      Integer before = previous == null ? null : previous.progress();
      if (before != null && progress > before && sincePrevious.toMillis() > 0) {
        // The rate between two readings predicts the end; progress is reported rounded down, so this errs late by little.
        return clamp(sincePrevious.multipliedBy(100 - progress).dividedBy(progress - before), floor);
      }
      // One reading: as if it ran since submission (too long when it queued first), at most what the typical run leaves.
      Duration estimate = sinceSubmit.multipliedBy(100 - progress).dividedBy(progress);
      Duration typicalLeft = expected.minus(sinceSubmit);
      remaining = typicalLeft.compareTo(floor) > 0 && typicalLeft.compareTo(estimate) < 0 ? typicalLeft : estimate;
      return clamp(scale(remaining, LEARN), floor);
    } else if (task.status() == TaskStatus.RUNNING) {
      remaining = expected.minus(sinceSubmit);
    } else {
      // Queued, or a status word nobody documented: the whole run is still ahead.
      remaining = expected.compareTo(sinceSubmit) > 0 ? expected.minus(sinceSubmit).plus(expected.dividedBy(2)) : expected.dividedBy(2);
    }
    if (remaining.isNegative() || remaining.isZero()) {
      // Overdue: back off as the overrun grows.
      return clamp(remaining.negated().dividedBy(4), floor);
    }
    return clamp(scale(remaining, AIM), floor);
  }

  /** The usual run time: standard models take about 2.5 times as long as fast ones, and longer videos longer. */
  Duration expectedRun(String model, Integer durationSeconds) {
    Duration run = model == null || ModelFacts.isFast(model) ? typicalRun : typicalRun.multipliedBy(5).dividedBy(2);
    int seconds = durationSeconds == null || durationSeconds <= 0 ? 5 : durationSeconds;
    return run.multipliedBy(Math.max(5, seconds)).dividedBy(5);
  }

  private Duration clamp(Duration wait, Duration floor) {
    Duration atLeast = wait.compareTo(floor) >= 0 ? wait : floor;
    return atLeast.compareTo(longest) <= 0 ? atLeast : longest;
  }

  private static Duration scale(Duration duration, double factor) {
    return Duration.ofNanos((long) (duration.toNanos() * factor));
  }
}
