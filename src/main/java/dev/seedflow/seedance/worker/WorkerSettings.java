package dev.seedflow.seedance.worker;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * How the worker waits: the {@code seedflow.worker.*} settings, bound by Spring Boot from properties or environment
 * variables ({@code SEEDFLOW_WORKER_JOB_TIMEOUT=PT10M}) in a connectors runtime, and by the same binder from the
 * environment for the standalone worker. The defaults are written once, here.
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
@ConfigurationProperties("seedflow.worker")
public record WorkerSettings(
    @DefaultValue("10000") int maxJobsInFlight,
    @DefaultValue("PT5M") Duration jobTimeout,
    @DefaultValue("8") int ioThreads,
    @DefaultValue("600") int requestsPerMinute,
    @DefaultValue("PT55S") Duration typicalRun,
    @DefaultValue("PT5M") Duration longestPollInterval,
    @DefaultValue("PT5S") Duration progressInterval,
    Duration fixedPollInterval) {

  public static WorkerSettings defaults() {
    return bind(new MapPropertySource("none", Map.of()));
  }

  /** The settings from environment variables such as {@code SEEDFLOW_WORKER_IO_THREADS}, as Spring Boot reads them. */
  public static WorkerSettings fromEnvironment(Map<String, String> environment) {
    return bind(new SystemEnvironmentPropertySource("environment", Map.copyOf(environment)));
  }

  private static WorkerSettings bind(PropertySource<?> source) {
    return new Binder(ConfigurationPropertySources.from(source)).bindOrCreate("seedflow.worker", WorkerSettings.class);
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
