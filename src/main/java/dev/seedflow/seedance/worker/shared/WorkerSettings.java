package dev.seedflow.seedance.worker.shared;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.model.JobTypes;
import dev.seedflow.seedance.settings.SettingsBinding;
import dev.seedflow.seedance.worker.callbacks.CallbackSettings;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the worker waits: the {@code seedflow.worker.*} settings, bound by Spring Boot from
 * properties or environment variables ({@code SEEDFLOW_WORKER_JOB_TIMEOUT=PT10M}) in a connectors
 * runtime, and by the same binder from the environment for the standalone worker. The defaults are
 * written once, here.
 *
 * @param maxJobsInFlight how many videos one worker waits for at once; a waiting job costs memory,
 *     not a thread
 * @param jobTimeout the job timeout asked for at activation and on every extension
 * @param ioThreads threads for HTTP calls to the provider, whatever the number of videos in flight
 * @param requestsPerMinute the shared budget of status reads per provider and API key
 * @param typicalRun how long a 5-second video usually takes once running (fast models; standard
 *     ones take 2.5 times longer)
 * @param longestPollInterval the longest wait between two reads of one task
 * @param progressInterval how often, at most, the progress variable is published: each time is
 *     three engine records, which the exporters carry to Operate
 * @param fixedPollInterval when set, every read is spaced by exactly this (for comparisons);
 *     otherwise reads adapt
 * @param storeMaxSize the largest video kept as a document; a larger one is an incident that keeps
 *     its URL
 * @param storeTimeLimit the longest keeping one video (and its last frame) may take, retries
 *     included
 * @param storeThreads downloads running at once; a download holds its thread for as long as it
 *     streams
 * @param maxUnfinishedTasks the most unfinished tasks per provider and key this worker keeps at the
 *     provider; beyond it jobs wait their turn (BytePlus queues about 120 per account; the
 *     provider's QuotaExceeded lowers it on its own)
 * @param generateType the job type served as "generate video"; changed where the model's tasks use
 *     another one (hybrid templates, or two workers side by side)
 * @param awaitType the job type served as "wait for video task"
 * @param createCallTimeout the deadline of one create call; unset, the client's (2 minutes). Past
 *     it the outcome is unknown, and a job whose worker died inside a create comes back only after
 *     this, so a shorter one recovers sooner where the provider answers creates quickly
 * @param lostCreateMargin how long after a lost create's deadline its task is looked for in the
 *     provider's list: the time a provider may still take to record a create that its caller gave
 *     up on, and the difference between two replicas' clocks
 * @param shutdownGrace how long a stopping worker waits for creates in flight to store their task
 *     ids and for its jobs to be handed back; within Kubernetes' default of 30 s between SIGTERM
 *     and SIGKILL
 * @param localRun true only where the provider is a simulator on this machine (the local runner
 *     sets it): result URLs on loopback are then accepted. Never inferred from the provider's
 *     address: a proxy on localhost keeps every rule
 * @param managementPort the standalone worker's port for {@code /metrics} and its health probes;
 *     unset, none is opened
 * @param callbacks provider callbacks as hints ({@code seedflow.worker.callbacks.*}); off unless
 *     its URL is set
 */
@ConfigurationProperties(WorkerSettings.PREFIX)
public record WorkerSettings(
    @DefaultValue("10000") int maxJobsInFlight,
    @DefaultValue("PT5M") Duration jobTimeout,
    @DefaultValue("8") int ioThreads,
    @DefaultValue("600") int requestsPerMinute,
    @DefaultValue("PT55S") Duration typicalRun,
    @DefaultValue("PT5M") Duration longestPollInterval,
    @DefaultValue("PT30S") Duration progressInterval,
    Duration fixedPollInterval,
    @DefaultValue("500MB") DataSize storeMaxSize,
    @DefaultValue("PT10M") Duration storeTimeLimit,
    @DefaultValue("4") int storeThreads,
    @DefaultValue("100") int maxUnfinishedTasks,
    @DefaultValue(JobTypes.GENERATE) String generateType,
    @DefaultValue(JobTypes.AWAIT) String awaitType,
    Duration createCallTimeout,
    @DefaultValue("PT30S") Duration lostCreateMargin,
    @DefaultValue("PT25S") Duration shutdownGrace,
    @DefaultValue("false") boolean localRun,
    Integer managementPort,
    @DefaultValue CallbackSettings callbacks) {
  public static final String PREFIX = "seedflow.worker";

  /** The job type this worker serves for a kind of job. */
  public String jobType(JobKind kind) {
    return switch (kind) {
      case GENERATE -> generateType;
      case AWAIT -> awaitType;
    };
  }

  /**
   * How this worker's client calls the provider: the client's defaults, with the create deadline
   * and local run as set.
   */
  public ClientSettings clientSettings() {
    return ClientSettings.defaultsWith(createCallTimeout, localRun);
  }

  public static WorkerSettings defaults() {
    return SettingsBinding.bind(PREFIX, WorkerSettings.class);
  }

  /**
   * The settings from environment variables such as {@code SEEDFLOW_WORKER_IO_THREADS}, as Spring
   * Boot reads them.
   */
  public static WorkerSettings fromEnvironment(Map<String, String> environment) {
    return SettingsBinding.bind(
        PREFIX, WorkerSettings.class, SettingsBinding.environment(environment));
  }

  /**
   * The defaults with these settings, named as after {@code seedflow.worker.} ({@code "job-timeout"
   * -> "PT10M"}).
   */
  public static WorkerSettings of(Map<String, String> settings) {
    return SettingsBinding.bind(
        PREFIX, WorkerSettings.class, SettingsBinding.named(PREFIX, settings));
  }
}
