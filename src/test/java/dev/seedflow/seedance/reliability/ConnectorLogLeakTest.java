package dev.seedflow.seedance.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.VideoRequest;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The connector's path to the runtime's ERROR log: when a read fails, Camunda's job handler logs
 * the exception with its whole chain of causes. A hostile storage that puts the key in a redirect's
 * Location must leave it in none of them.
 */
class ConnectorLogLeakTest {

  @Test
  void aKeyInARedirectReachesNeitherTheIncidentNorTheRuntimesErrorLog() throws Exception {
    try (SeedanceSimulator simulator =
            SeedanceSimulator.start(
                SimulatorSettings.realistic()
                    .withApiKey(Canary.KEY)
                    .withTimes(
                        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(200)));
        LocalRuntime runtime =
            LocalRuntime.start(
                Map.of("SEEDANCE_API_KEY", Canary.KEY),
                Map.of("seedflow.worker.enabled", "false"));
        Canary canary = new Canary()) {
      String taskId = finishedTask(simulator);
      simulator.redirectMediaTo("http://169.254.169.254/latest/meta-data/?key=" + Canary.KEY);
      Map<String, Object> read =
          TemplateApplier.fields("getTask", "taskId", taskId, "storeVideo", true);
      read.put("operation", "getTask");
      read.put("getTask:arkBaseUrl", simulator.baseUrl());
      TemplateApplier template =
          TemplateApplier.load(Path.of("element-templates/seedance-connector.json"));
      ProcessOutcome outcome =
          runtime.run(
              Bpmn.createExecutableProcess("read_redirected")
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
                      .contains("refused and was not followed")
                      .contains("key=***"));
      assertThat(canary.errorLinesOf("io.camunda.connector.runtime"))
          .as("the runtime logged the failure, causes and all")
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("SEEDANCE_STORE_FAILED")
                      .contains("Caused by")
                      .contains("key=***"));
      assertThat(canary.leaks(runtime, List.of(outcome.incidents().toString()))).isEmpty();
    }
  }

  private static String finishedTask(SeedanceSimulator simulator) throws InterruptedException {
    try (SeedanceClient client = new SeedanceClient(ClientSettings.forLocalRun())) {
      ProviderConfig ark = new ProviderConfig(ProviderType.ARK, simulator.baseUrl(), Canary.KEY);
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
}
