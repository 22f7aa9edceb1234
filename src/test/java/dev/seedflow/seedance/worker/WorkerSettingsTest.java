package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.model.JobTypes;
import dev.seedflow.seedance.worker.inputs.LookupSecrets;
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
    assertThat(defaults.progressInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.fixedPollInterval()).isNull();
    assertThat(defaults.storeMaxSize().toMegabytes()).isEqualTo(500);
    assertThat(defaults.storeTimeLimit()).isEqualTo(Duration.ofMinutes(10));
    assertThat(defaults.jobType(JobKind.GENERATE)).isEqualTo(JobTypes.GENERATE);
    assertThat(defaults.jobType(JobKind.AWAIT)).isEqualTo(JobTypes.AWAIT);
  }

  @Test
  void theJobTypesAreOverriddenLikeTheConnectors() {
    WorkerSettings settings = WorkerSettings.fromEnvironment(Map.of("SEEDFLOW_WORKER_GENERATE_TYPE", "dev.seedflow:seedance-generate:1-eu",
        "SEEDFLOW_WORKER_STORE_MAX_SIZE", "20MB"));
    assertThat(settings.jobType(JobKind.GENERATE)).isEqualTo("dev.seedflow:seedance-generate:1-eu");
    assertThat(settings.jobType(JobKind.AWAIT)).isEqualTo(JobTypes.AWAIT);
    assertThat(settings.storeMaxSize().toBytes()).isEqualTo(20L * 1024 * 1024);
  }

  @Test
  void standaloneSecretsFollowTheRuntimesPrefix() {
    Map<String, String> environment = Map.of("CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX", "SECRET_",
        "SECRET_SEEDANCE_API_KEY", "sk-prefixed", "SEEDANCE_API_KEY", "sk-unprefixed", "PATH", "/usr/bin");
    LookupSecrets secrets = LookupSecrets.fromEnvironment(environment);
    assertThat(secrets.getSecret("SEEDANCE_API_KEY", null)).isEqualTo("sk-prefixed");
    assertThat(secrets.getSecret("PATH", null)).as("a variable outside the prefix is no secret").isNull();
    assertThat(LookupSecrets.fromEnvironment(Map.of("SEEDANCE_API_KEY", "sk-plain")).getSecret("SEEDANCE_API_KEY", null))
        .as("without a prefix, as the runtime does (deprecated)").isEqualTo("sk-plain");
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

  @Test
  void theCreateDeadlineIsTheClientsUnlessSet() {
    assertThat(WorkerSettings.defaults().clientSettings().submitCallTimeout()).isEqualTo(ClientSettings.defaults().submitCallTimeout());
    ClientSettings client = WorkerSettings.fromEnvironment(Map.of("SEEDFLOW_WORKER_CREATE_CALL_TIMEOUT", "PT5S")).clientSettings();
    assertThat(client.submitCallTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(client.readCallTimeout()).as("reads keep theirs").isEqualTo(ClientSettings.defaults().readCallTimeout());
  }
}
