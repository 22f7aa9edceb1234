package dev.seedflow.seedance.worker.waiting;

import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.request.ModelFacts;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import java.time.Duration;

/**
 * When to read a task next. Two rules, the stricter wins:
 *
 * <ul>
 *   <li><b>Lag bound.</b> The gap between two reads is never longer than a tenth of the task's age
 *       (its time since it was created, or since the wait began), nor shorter than the user's
 *       {@code wait.pollInterval}. A video that finishes is therefore seen within 10 % of the time
 *       it took, or within the poll interval, whatever the model usually takes: a task faster than
 *       its model's typical run is never left unseen. A slow one costs few reads, since the gaps
 *       grow with its age (a 30-minute wait costs about 40 reads, not 180).
 *   <li><b>Prediction.</b> Where the provider reports progress (the gateways), the progress made
 *       since the first reading that saw the task running gives its rate, and the read goes to the
 *       predicted end, late by the rate's uncertainty (progress comes in whole points, so one point
 *       over the span measured). A predicted end at most one poll interval beyond the lag bound is
 *       read there rather than at the bound: reading at the bound would find the task still running
 *       and cost a whole poll interval of lag. A single running reading gets a second soon. Without
 *       progress (Ark, fal, Replicate) reads aim at 80 % of the time the model and video length
 *       usually take, counted from when the task began to run, not from its creation: a task out of
 *       a long queue still has its whole run ahead. That can only bring a read forward.
 * </ul>
 *
 * Reads are never further apart than {@code longest}. The caller also reads once at the wait's
 * deadline, so no wait ends unread. While the provider is expected to call back, these reads are
 * only the fallback for a lost callback: the first comes after twice the usual run, and the gaps
 * are stretched (for a task still queued, to the longest gap stretched), so a lost callback costs
 * lag, never a video.
 */
public record PollPlanner(Duration typicalRun, Duration longest, Duration fixed) {
  /**
   * The longest gap between two reads, as a share of the task's age: the lag of a finish is at most
   * this share of its run.
   */
  static final double LAG_SHARE = 0.1;

  /**
   * Without a progress rate, aim a little before the estimated end: a good estimate costs one read,
   * a poor one little lag.
   */
  private static final double AIM = 0.8;

  /** After a single progress reading, look again soon: the second reading gives the rate. */
  private static final double LEARN = 0.5;

  /**
   * The longest video whose length is believed: a provider's {@code duration} beyond it (a garbled
   * answer said 2,000,000,000) is taken as this, so no planning overflows.
   */
  static final int LONGEST_VIDEO_SECONDS = 3600;

  /** An estimate from elapsed time never claims the video done: the provider says when it is. */
  private static final int MOST_ESTIMATED = 95;

  static PollPlanner of(WorkerSettings settings) {
    return new PollPlanner(
        settings.typicalRun(), settings.longestPollInterval(), settings.fixedPollInterval());
  }

  /**
   * The wait before the first read: the user's poll interval, since the task may be far faster than
   * its model's typical run.
   */
  Duration first(Duration floor) {
    return fixed != null ? fixed : clamp(floor, floor);
  }

  /**
   * The first read while a callback is expected: after twice the usual run, when most tasks have
   * called back.
   */
  Duration firstExpectingCallback(Duration floor) {
    return fixed != null ? fixed : clamp(typicalRun.multipliedBy(2), floor);
  }

  /** A planned gap, stretched while a callback is expected: the fallback for a lost one. */
  Duration expectingCallback(Duration planned, int stretch) {
    return fixed != null ? fixed : clamp(planned.multipliedBy(Math.max(1, stretch)), planned);
  }

  /**
   * The next read of a task whose provider will call back at its next change: one still queued on
   * Ark (which calls back when it starts and again when it ends), or any on a host that calls back
   * once at the end and delivers again until acknowledged. This read only makes up for a callback
   * lost for good: the longest gap, stretched.
   */
  Duration quietExpectingCallback(int stretch) {
    return fixed != null ? fixed : longest.multipliedBy(Math.max(1, stretch));
  }

  /**
   * @param floor the user's poll interval
   * @param age time since the task was created (or the wait began)
   * @param runningFor how long the task has probably been running (from the midpoint between the
   *     last reading that saw it queued, or its creation, and the first that saw it running), or
   *     null before any reading saw it running
   * @param firstRunningProgress the progress at the first reading that saw the task running with
   *     some, or null
   * @param sinceFirstRunning time since that reading
   */
  Duration next(
      Duration floor,
      TaskSnapshot task,
      Duration age,
      Duration runningFor,
      Integer firstRunningProgress,
      Duration sinceFirstRunning) {
    if (fixed != null) {
      return fixed;
    }
    Duration bound = scale(age, LAG_SHARE);
    bound = bound.compareTo(floor) > 0 ? bound : floor;
    Integer progress = task.progress();
    boolean reportsProgress =
        task.status() == TaskStatus.RUNNING && progress != null && progress > 0 && progress < 100;
    if (reportsProgress
        && firstRunningProgress != null
        && progress > firstRunningProgress
        && sinceFirstRunning.toMillis() > 0) {
      // The rate is known to one point in (progress - firstRunningProgress); aim that much late, so
      // the read rarely comes early.
      int gained = progress - firstRunningProgress;
      Duration toEnd =
          sinceFirstRunning
              .multipliedBy((long) (100 - progress) * (gained + 1))
              .dividedBy((long) gained * gained);
      return clamp(toEnd.compareTo(bound.plus(floor)) <= 0 ? toEnd : bound, floor);
    }
    Duration predicted = predicted(task, age, runningFor, reportsProgress);
    return clamp(predicted.compareTo(bound) < 0 ? predicted : bound, floor);
  }

  /**
   * Where no rate is known yet: half what seems left after one running reading, else the model's
   * usual run.
   */
  private Duration predicted(
      TaskSnapshot task, Duration age, Duration runningFor, boolean reportsProgress) {
    Duration expected = expectedRun(task.model(), task.duration());
    if (reportsProgress) {
      // One reading: as if it ran since submission (too long when it queued first), at most what
      // the typical run leaves
      // of its share still to do; half of that, so a second reading soon gives the rate.
      int progress = task.progress();
      Duration sinceSubmission = age.multipliedBy(100 - progress).dividedBy(progress);
      Duration typicalLeft = expected.multipliedBy(100 - progress).dividedBy(100);
      return scale(
          sinceSubmission.compareTo(typicalLeft) < 0 ? sinceSubmission : typicalLeft, LEARN);
    }
    // Queued, or a status word nobody documented: the whole run is still ahead.
    Duration remaining =
        task.status() == TaskStatus.RUNNING
            ? expected.minus(runningFor != null && runningFor.compareTo(age) < 0 ? runningFor : age)
            : expected;
    if (remaining.isNegative() || remaining.isZero()) {
      // Overdue: back off as the overrun grows (the lag bound still holds).
      return remaining.negated().dividedBy(4);
    }
    return scale(remaining, AIM);
  }

  /**
   * How far a task that reports no progress (Ark) probably is, from its age against the usual run:
   * 0 while queued, at most {@value #MOST_ESTIMATED} while running. Null when the provider reports
   * progress itself or the task ended.
   */
  Integer estimatedProgress(TaskSnapshot task, Duration age) {
    if (task.progress() != null) return null;
    return switch (task.status()) {
      case QUEUED -> 0;
      case RUNNING ->
          (int)
              Math.min(
                  MOST_ESTIMATED,
                  100
                      * age.toMillis()
                      / Math.max(1, expectedRun(task.model(), task.duration()).toMillis()));
      default -> null;
    };
  }

  /**
   * The usual run time: standard models take about 2.5 times as long as fast ones, and longer
   * videos longer.
   */
  Duration expectedRun(String model, Integer durationSeconds) {
    Duration run =
        model == null || ModelFacts.soundsQuick(model)
            ? typicalRun
            : typicalRun.multipliedBy(5).dividedBy(2);
    int seconds =
        durationSeconds == null || durationSeconds <= 0
            ? 5
            : Math.min(LONGEST_VIDEO_SECONDS, durationSeconds);
    return run.multipliedBy(Math.max(5, seconds)).dividedBy(5);
  }

  private Duration clamp(Duration wait, Duration floor) {
    Duration atLeast = wait.compareTo(floor) >= 0 ? wait : floor;
    return atLeast.compareTo(longest) <= 0 ? atLeast : longest;
  }

  /**
   * In milliseconds, which no age or run a provider can report overflows (nanoseconds end at 292
   * years).
   */
  private static Duration scale(Duration duration, double factor) {
    return Duration.ofMillis((long) (duration.toMillis() * factor));
  }
}
