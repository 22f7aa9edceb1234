package dev.seedflow.seedance.worker.waiting;

import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.cost.CostEstimate;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.store.KeepPlan;
import dev.seedflow.seedance.worker.engine.JobRef;
import dev.seedflow.seedance.worker.keeping.VideoToKeep;
import java.time.Duration;
import java.time.Instant;

/**
 * One job waiting for its video. Touched only on the scheduler thread, so it needs no locking; a
 * waiting job is this object and nothing else: no thread, no open connection.
 */
public final class WaitingJob {
  public final JobRef job;
  final ProviderConfig provider;
  final String taskId;
  final Instant waitStartedAt;
  final Instant deadline;
  final Duration pollInterval;

  /** What to keep as documents once the video is ready. */
  final KeepPlan keep;

  /** The estimate made before the task was submitted, for the result; null for an await. */
  final CostEstimate estimate;

  Instant nextReadAt;
  Instant extendTimeoutAt;

  /**
   * What the last answered read said, for a timeout's message. Only the status and the progress are
   * kept, not the answer: a worker may hold 100,000 waiting jobs.
   */
  TaskStatus lastStatus;

  Integer lastProgress;
  Instant lastReadAt;

  /**
   * The progress at the first reading that saw the task running with some: the baseline of its
   * progress rate.
   */
  Integer firstRunningProgress;

  Instant firstRunningAt;

  /**
   * The last reading that saw the task queued, and when it probably began to run: between that and
   * the first reading that saw it running. Epoch milliseconds, 0 while unknown: two longs, not two
   * objects, in each of 100,000 waiting jobs.
   */
  long lastQueuedAtMillis;

  long runningSinceMillis;

  /** The progress last published, held whole (a few fields) for as long as it is shown. */
  TaskProgress publishedProgress;

  int failedReadsInARow;

  /**
   * How many of those the provider refused for its rate limit (429): they say nothing about this
   * task.
   */
  int rateLimitedInARow;

  /**
   * Whether this job holds one of its lane's slots in the provider's queue ({@link
   * dev.seedflow.seedance.worker.submit.ProviderQueue}).
   */
  boolean holdsSlot;

  String lastReadError;

  /**
   * Its task was created with this worker's callback URL: a confirmed callback ends the wait, reads
   * are the fallback.
   */
  boolean callbackExpected;

  /**
   * Its provider calls back once, at the end, and delivers again until it is acknowledged (fal,
   * Replicate): reads are only for a delivery lost for good.
   */
  boolean callbackOnlyAtTheEnd;

  /**
   * A final callback came while this job's read was in flight: that read may have been answered
   * before the provider changed, so the next read comes one hint spacing after it, not at its
   * planned time.
   */
  boolean hintedDuringRead;

  /**
   * Whether a success with no video URL was read once more already: a second such answer is an
   * incident.
   */
  boolean rereadForVideo;

  /** The first read is planned by the {@link TaskWatcher} when it takes the job. */
  public WaitingJob(
      JobRef job,
      ProviderConfig provider,
      String taskId,
      Instant waitStartedAt,
      Duration timeout,
      Duration pollInterval,
      KeepPlan keep,
      CostEstimate estimate,
      Instant now,
      Instant extendTimeoutAt) {
    this.job = job;
    this.provider = provider;
    this.taskId = taskId;
    this.waitStartedAt = waitStartedAt;
    this.deadline = waitStartedAt.plus(timeout);
    this.pollInterval = pollInterval;
    this.keep = keep;
    this.estimate = estimate;
    this.nextReadAt = now;
    this.extendTimeoutAt = extendTimeoutAt;
  }

  /**
   * The next moment anything is due: a read or a job-timeout extension. Reads are planned no later
   * than the deadline.
   */
  Instant wakeAt() {
    return nextReadAt.isBefore(extendTimeoutAt) ? nextReadAt : extendTimeoutAt;
  }

  /**
   * A read planned {@code after} from now, but never after the deadline: the last read of a wait is
   * at its deadline.
   */
  void planReadIn(Duration after, Instant now) {
    Instant at = now.plus(after);
    nextReadAt = at.isAfter(deadline) && now.isBefore(deadline) ? deadline : at;
  }

  /**
   * The task's age: since the provider created it when its answer says so (an await may begin long
   * after), else since the wait began.
   */
  Duration age(TaskSnapshot task, Instant now) {
    Instant since = waitStartedAt;
    if (task.createdAt() != null) {
      try {
        Instant created = Instant.parse(task.createdAt());
        if (created.isBefore(since) && created.isAfter(since.minus(Duration.ofDays(7))))
          since = created;
      } catch (RuntimeException unreadable) {
        // a provider's odd time format: the wait's start will do
      }
    }
    return Duration.between(since, now);
  }

  /**
   * Its account (provider and a digest of the key): tasks that share a lane share a rate budget and
   * a queue.
   */
  String lane() {
    return provider.account();
  }

  /**
   * Its task was just created by this worker: the progress stored with the task id is published,
   * and it holds the slot it was admitted with.
   */
  public void submittedHere(TaskProgress published) {
    publishedProgress = published;
    holdsSlot = true;
  }

  /**
   * Its task calls back to the workers ({@link
   * dev.seedflow.seedance.worker.callbacks.CallbackSettings}).
   *
   * @param onlyAtTheEnd whether the provider calls back once, at the end, retrying until
   *     acknowledged
   */
  public WaitingJob expectingCallback(boolean onlyAtTheEnd) {
    callbackExpected = true;
    callbackOnlyAtTheEnd = onlyAtTheEnd;
    return this;
  }

  /** What keeping its video needs, once the task has succeeded. */
  VideoToKeep toKeep() {
    return new VideoToKeep(job, provider, keep, estimate, extendTimeoutAt);
  }
}
