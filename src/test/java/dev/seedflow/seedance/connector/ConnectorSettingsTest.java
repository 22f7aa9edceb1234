package dev.seedflow.seedance.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.client.WebhookSignatures;
import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.VideoRequest;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The connector's settings, bound as Spring Boot binds them, once, and read by the connector the
 * runtime serves.
 */
class ConnectorSettingsTest {
  private static final String KEY = "sk-connector-settings";

  @Test
  void theDefaultsKeepAVideoOf500MbWithinTheRuntimesJobTimeout() {
    ConnectorSettings defaults = ConnectorSettings.defaults();
    assertThat(defaults.storeMaxSize()).isEqualTo(DataSize.ofMegabytes(500));
    assertThat(defaults.storeTimeLimit()).isEqualTo(Duration.ofMinutes(4));
    assertThat(defaults.downloadLimits().maxBytes()).isEqualTo(500L * 1024 * 1024);
  }

  @Test
  void environmentVariablesAndNamedSettingsAreBoundAsSpringBootBindsThem() {
    ConnectorSettings fromEnvironment =
        ConnectorSettings.fromEnvironment(
            Map.of(
                "SEEDFLOW_CONNECTOR_STORE_MAX_SIZE",
                "200MB",
                "SEEDFLOW_CONNECTOR_STORE_TIME_LIMIT",
                "PT90S"));
    assertThat(fromEnvironment.downloadLimits().maxBytes()).isEqualTo(200L * 1024 * 1024);
    assertThat(fromEnvironment.downloadLimits().timeLimit()).isEqualTo(Duration.ofSeconds(90));
    assertThat(ConnectorSettings.of(Map.of("store-max-size", "1KB")).storeMaxSize())
        .isEqualTo(DataSize.ofKilobytes(1));
  }

  /**
   * Through the Spring connectors runtime, configured as an operator configures it: {@code
   * seedflow.connector.*} in an application.yaml of its own reaches the connector the runtime
   * serves (a limit of 1 KB fails the read).
   */
  @Test
  void theConnectorInTheRuntimeTakesItsSettingsFromTheRuntimesApplicationYaml(@TempDir Path config)
      throws Exception {
    Path yaml = config.resolve("application.yaml");
    Files.writeString(
        yaml,
        """
        seedflow:
          connector:
            store-max-size: 1KB
            create-call-timeout: PT20S
        """);
    try (SeedanceSimulator simulator =
            SeedanceSimulator.start(
                SimulatorSettings.realistic()
                    .withApiKey(KEY)
                    .withTimes(
                        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(200)));
        LocalRuntime runtime =
            LocalRuntime.start(
                Map.of("SEEDANCE_API_KEY", KEY),
                Map.of(
                    "seedflow.worker.enabled",
                    "false",
                    "spring.config.additional-location",
                    "file:" + yaml))) {
      assertThat(runtime.bean(ConnectorSettings.class))
          .as("bound once, from the runtime's configuration")
          .isEqualTo(
              new ConnectorSettings(
                  DataSize.ofKilobytes(1),
                  Duration.ofMinutes(4),
                  Duration.ofSeconds(20),
                  true,
                  WebhookSignatures.FAL_KEYS));
      String taskId = finishedTask(simulator);
      TemplateApplier template =
          TemplateApplier.load(Path.of("element-templates/seedance-connector.json"));
      Map<String, Object> read =
          TemplateApplier.fields("getTask", "taskId", taskId, "storeVideo", true);
      read.put("operation", "getTask");
      read.put("getTask:arkBaseUrl", simulator.baseUrl());
      ProcessOutcome outcome =
          runtime.run(
              Bpmn.createExecutableProcess("read_over_limit")
                  .startEvent()
                  .serviceTask("read", t -> template.apply(read).accept(t))
                  .endEvent()
                  .done(),
              Map.of(),
              Duration.ofSeconds(30));

      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
      assertThat(outcome.incidents())
          .singleElement()
          .satisfies(
              incident ->
                  assertThat(incident.errorMessage())
                      .contains("SEEDANCE_STORE_FAILED")
                      .contains("over the 1024 bytes limit")
                      .contains(taskId));
    }
  }

  private static String finishedTask(SeedanceSimulator simulator) throws InterruptedException {
    SeedanceClient client = new SeedanceClient(ClientSettings.forLocalRun());
    ProviderConfig ark = new ProviderConfig(ProviderType.ARK, simulator.baseUrl(), KEY);
    String taskId =
        client
            .create(
                ark,
                client.validate(
                    ark,
                    VideoRequest.builder("dreamina-seedance-2-0-fast-260128")
                        .prompt("A short clip")
                        .build()))
            .taskId();
    await("the task succeeds")
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.get(ark, taskId).status() == TaskStatus.SUCCEEDED);
    return taskId;
  }
}
