package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.model.JobTypes;
import dev.seedflow.seedance.worker.inputs.LookupSecrets;
import dev.seedflow.seedance.worker.shared.JobKind;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The settings bind as Spring Boot binds them, from one set of defaults, for the runtime and the
 * standalone worker alike.
 */
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
    WorkerSettings settings =
        WorkerSettings.fromEnvironment(
            Map.of(
                "SEEDFLOW_WORKER_GENERATE_TYPE",
                "dev.seedflow:seedance-generate:1-eu",
                "SEEDFLOW_WORKER_STORE_MAX_SIZE",
                "20MB"));
    assertThat(settings.jobType(JobKind.GENERATE)).isEqualTo("dev.seedflow:seedance-generate:1-eu");
    assertThat(settings.jobType(JobKind.AWAIT)).isEqualTo(JobTypes.AWAIT);
    assertThat(settings.storeMaxSize().toBytes()).isEqualTo(20L * 1024 * 1024);
  }

  @Test
  void standaloneSecretsFollowTheRuntimesPrefix() {
    Map<String, String> environment =
        Map.of(
            "CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX",
            "SECRET_",
            "SECRET_SEEDANCE_API_KEY",
            "sk-prefixed",
            "SEEDANCE_API_KEY",
            "sk-unprefixed",
            "PATH",
            "/usr/bin");
    LookupSecrets secrets = LookupSecrets.fromEnvironment(environment);
    assertThat(secrets.getSecret("SEEDANCE_API_KEY", null)).isEqualTo("sk-prefixed");
    assertThat(secrets.getSecret("PATH", null))
        .as("a variable outside the prefix is no secret")
        .isNull();
    assertThat(
            LookupSecrets.fromEnvironment(
                    Map.of(
                        "CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX",
                        "",
                        "SEEDANCE_API_KEY",
                        "sk-plain"))
                .getSecret("SEEDANCE_API_KEY", null))
        .as("an empty prefix, as 8.8 allowed (deprecated)")
        .isEqualTo("sk-plain");
  }

  /**
   * Camunda 8.9's rule: without the setting, the prefix is SECRET_, and an unprefixed variable is
   * no secret.
   */
  @Test
  void withoutTheSettingThePrefixIsSecretAsInTheRuntimeSince89() {
    LookupSecrets secrets =
        LookupSecrets.fromEnvironment(
            Map.of(
                "SECRET_SEEDANCE_API_KEY",
                "sk-prefixed",
                "SEEDANCE_BASE_URL",
                "https://ark.example"));
    assertThat(secrets.getSecret("SEEDANCE_API_KEY", null)).isEqualTo("sk-prefixed");
    assertThat(secrets.getSecret("SEEDANCE_BASE_URL", null))
        .as("only without the prefix: not read (the log says to rename it)")
        .isNull();
  }

  /**
   * Every .env file, manifest and doc that sets the key as an environment variable sets it behind
   * SECRET_, as 8.9 wants.
   */
  @Test
  void everyEnvFileManifestAndDocNamesTheSecretsBehindThePrefix() throws IOException {
    Pattern unprefixed =
        Pattern.compile(
            "(?<![A-Z_])SEEDANCE_(API_KEY|BASE_URL)\\s*=|name:\\s*SEEDANCE_(API_KEY|BASE_URL)\\b");
    Pattern prefixed =
        Pattern.compile("SECRET_SEEDANCE_API_KEY\\s*=|name:\\s*SECRET_SEEDANCE_API_KEY\\b");
    List<Path> files =
        new ArrayList<>(
            List.of(Path.of("README.md"), Path.of("connector/README.md"), Path.of("seedance")));
    for (String folder : List.of("docs", "connector", "connector/kubernetes")) {
      try (var listing = Files.list(Path.of(folder))) {
        listing.filter(file -> file.toString().matches(".*\\.(md|env|yaml)$")).forEach(files::add);
      }
    }
    int setting = 0;
    for (Path file : files) {
      String text = Files.readString(file);
      assertThat(unprefixed.matcher(text).find())
          .as(file + " sets a Seedance secret without the SECRET_ prefix")
          .isFalse();
      if (prefixed.matcher(text).find()) setting++;
    }
    assertThat(setting)
        .as("files that set the key, so the rule checked something")
        .isGreaterThanOrEqualTo(5);
  }

  @Test
  void environmentVariablesSetWhatTheyNameAndLeaveTheRest() {
    WorkerSettings settings =
        WorkerSettings.fromEnvironment(
            Map.of(
                "SEEDFLOW_WORKER_JOB_TIMEOUT",
                "PT10M",
                "SEEDFLOW_WORKER_IO_THREADS",
                "3",
                "SEEDFLOW_WORKER_REQUESTS_PER_MINUTE",
                "60",
                "SEEDFLOW_WORKER_FIXED_POLL_INTERVAL",
                "10s",
                "UNRELATED",
                "x"));
    assertThat(settings.jobTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.ioThreads()).isEqualTo(3);
    assertThat(settings.requestsPerMinute()).isEqualTo(60);
    assertThat(settings.fixedPollInterval())
        .as("Spring's duration format")
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.typicalRun()).isEqualTo(WorkerSettings.defaults().typicalRun());
  }

  @Test
  void theCreateDeadlineIsTheClientsUnlessSet() {
    assertThat(WorkerSettings.defaults().clientSettings().submitCallTimeout())
        .isEqualTo(ClientSettings.defaults().submitCallTimeout());
    ClientSettings client =
        WorkerSettings.fromEnvironment(Map.of("SEEDFLOW_WORKER_CREATE_CALL_TIMEOUT", "PT5S"))
            .clientSettings();
    assertThat(client.submitCallTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(client.readCallTimeout())
        .as("reads keep theirs")
        .isEqualTo(ClientSettings.defaults().readCallTimeout());
  }
}
