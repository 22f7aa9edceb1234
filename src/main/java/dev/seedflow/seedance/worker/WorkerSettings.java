package dev.seedflow.seedance.worker;

import java.time.Duration;

/**
 * How the worker waits.
 *
 * @param maxJobsInFlight how many videos one worker waits for at once; a waiting job costs memory, not a thread
 * @param jobTimeout the job timeout asked for at activation and on every extension
 * @param ioThreads threads for HTTP calls to the provider, whatever the number of videos in flight
 * @param requestsPerMinute the shared budget of status reads per provider and API key
 * @param typicalRun how long a 5-second video usually takes once running (fast models; standard ones take 2.5 times longer)
 * @param longestPollInterval the longest wait between two reads of one task
 * @param progressInterval how often, at most, the progress variable is published
 * @param fixedPollInterval when set, every read is spaced by exactly this (for comparisons); otherwise reads adapt
 */
public record WorkerSettings(
    int maxJobsInFlight,
    Duration jobTimeout,
    int ioThreads,
    int requestsPerMinute,
    Duration typicalRun,
    Duration longestPollInterval,
    Duration progressInterval,
    Duration fixedPollInterval) {

  public static WorkerSettings defaults() {
    return new WorkerSettings(10_000, Duration.ofMinutes(5), 8, 600, Duration.ofSeconds(55), Duration.ofMinutes(5),
        Duration.ofSeconds(5), null);
  }

  public WorkerSettings withJobTimeout(Duration value) {
    return new WorkerSettings(maxJobsInFlight, value, ioThreads, requestsPerMinute, typicalRun, longestPollInterval, progressInterval, fixedPollInterval);
  }

  public WorkerSettings withTypicalRun(Duration value) {
    return new WorkerSettings(maxJobsInFlight, jobTimeout, ioThreads, requestsPerMinute, value, longestPollInterval, progressInterval, fixedPollInterval);
  }

  public WorkerSettings withFixedPollInterval(Duration value) {
    return new WorkerSettings(maxJobsInFlight, jobTimeout, ioThreads, requestsPerMinute, typicalRun, longestPollInterval, progressInterval, value);
  }

  public WorkerSettings withProgressInterval(Duration value) {
    return new WorkerSettings(maxJobsInFlight, jobTimeout, ioThreads, requestsPerMinute, typicalRun, longestPollInterval, value, fixedPollInterval);
  }

  public WorkerSettings withRequestsPerMinute(int value) {
    return new WorkerSettings(maxJobsInFlight, jobTimeout, ioThreads, value, typicalRun, longestPollInterval, progressInterval, fixedPollInterval);
  }
}
