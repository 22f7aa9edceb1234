package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.request.ModelFacts;
import java.time.Duration;

/**
 * When to read a task next. A read far from the expected end is wasted, and a read long after it delays the
 * process, so the wait is half the estimated time left: long while the video is far off, short near its end, never
 * below the user's {@code wait.pollInterval} and never above {@code longest}. A task that runs past its estimate is
 * read more and more seldom, as it is probably queued or stuck.
 */
record PollPlanner(Duration typicalRun, Duration longest, Duration fixed) {

  static PollPlanner of(WorkerSettings settings) {
    return new PollPlanner(settings.typicalRun(), settings.longestPollInterval(), settings.fixedPollInterval());
  }

  /**
   * @param floor the user's poll interval
   * @param sinceSubmit time since the task was created
   * @param sinceRunning time since the task was first seen running, or null
   */
  Duration next(Duration floor, TaskSnapshot task, Duration sinceSubmit, Duration sinceRunning) {
    if (fixed != null) {
      return fixed;
    }
    Duration expected = expectedRun(task);
    Duration remaining;
    if (task.status() == TaskStatus.RUNNING) {
      Duration running = sinceRunning != null ? sinceRunning : sinceSubmit;
      Integer progress = task.progress();
      remaining = progress != null && progress > 0 && progress < 100
          ? running.multipliedBy(100 - progress).dividedBy(progress)
          : expected.minus(running);
    } else {
      // Queued, or a status word nobody documented: the whole run is still ahead, and a long queue is read less often.
      remaining = max(expected, sinceSubmit.dividedBy(2));
    }
    Duration wait = remaining.isNegative() || remaining.isZero()
        ? remaining.negated().dividedBy(4)
        : remaining.dividedBy(2);
    return min(longest, max(floor, wait));
  }

  /** The usual run time for this task: standard models take about 2.5 times as long as fast ones, and longer videos longer. */
  Duration expectedRun(TaskSnapshot task) {
    Duration run = task.model() == null || ModelFacts.isFast(task.model()) ? typicalRun : typicalRun.multipliedBy(5).dividedBy(2);
    int seconds = task.duration() == null || task.duration() <= 0 ? 5 : task.duration();
    return run.multipliedBy(Math.max(5, seconds)).dividedBy(5);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
