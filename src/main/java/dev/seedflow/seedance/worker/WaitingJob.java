package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.request.ProviderConfig;
import java.time.Duration;
import java.time.Instant;

/**
 * One job waiting for its video. Touched only on the scheduler thread, so it needs no locking; a waiting job is this
 * object and nothing else: no thread, no open connection.
 */
final class WaitingJob {
  final JobRef job;
  final ProviderConfig provider;
  final String taskId;
  final Instant waitStartedAt;
  final Instant deadline;
  final Duration pollInterval;

  Instant nextReadAt;
  Instant extendTimeoutAt;
  TaskSnapshot last;
  Instant lastReadAt;
  Instant progressPublishedAt = Instant.MIN;
  String publishedProgress;
  int failedReadsInARow;
  String lastReadError;

  WaitingJob(JobRef job, ProviderConfig provider, String taskId, Instant waitStartedAt, Duration timeout, Duration pollInterval,
      Duration firstReadAfter, Instant now, Duration jobTimeout) {
    this.job = job;
    this.provider = provider;
    this.taskId = taskId;
    this.waitStartedAt = waitStartedAt;
    this.deadline = waitStartedAt.plus(timeout);
    this.pollInterval = pollInterval;
    this.nextReadAt = now.plus(firstReadAfter);
    this.extendTimeoutAt = now.plus(jobTimeout.dividedBy(2));
  }

  /** The next moment anything is due: a read, a job-timeout extension, or the end of the wait. */
  Instant wakeAt() {
    Instant wake = nextReadAt.isBefore(extendTimeoutAt) ? nextReadAt : extendTimeoutAt;
    return deadline.isBefore(wake) ? deadline : wake;
  }

  /** Provider and key: tasks that share a lane share a rate budget. The key itself is not kept here, only its hash. */
  String lane() {
    return provider.type() + " " + provider.baseUrl() + " " + (provider.apiKey() == null ? 0 : provider.apiKey().hashCode());
  }
}
