package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings bind as Spring Boot binds them, from one set of defaults, for the runtime and the standalone worker alike. */
class WorkerSettingsTest {

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    WorkerSettings defaults = WorkerSettings.defaults();
    assertThat(defaults.maxJobsInFlight()).isEqualTo(10_000);
    assertThat(defaults.jobTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(defaults.ioThreads()).isEqualTo(8);
    assertThat(defaults.requestsPerMinute()).isEqualTo(600);
    assertThat(defaults.typicalRun()).isEqualTo(Duration.ofSeconds(55));
    assertThat(defaults.longestPollInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(defaults.progressInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.fixedPollInterval()).isNull();
  }

  @Test
  void environmentVariablesSetWhatTheyNameAndLeaveTheRest() {
    WorkerSettings settings = WorkerSettings.fromEnvironment(Map.of(
        "SEEDFLOW_WORKER_JOB_TIMEOUT", "PT10M", "SEEDFLOW_WORKER_IO_THREADS", "3", "SEEDFLOW_WORKER_REQUESTS_PER_MINUTE", "60",
        "SEEDFLOW_WORKER_FIXED_POLL_INTERVAL", "10s", "UNRELATED", "x"));
    assertThat(settings.jobTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.ioThreads()).isEqualTo(3);
    assertThat(settings.requestsPerMinute()).isEqualTo(60);
    assertThat(settings.fixedPollInterval()).as("Spring's duration format").isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.typicalRun()).isEqualTo(WorkerSettings.defaults().typicalRun());
  }
}
