package dev.seedflow.seedance.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.model.ProviderInput;
import dev.seedflow.seedance.model.TaskInput;
import dev.seedflow.seedance.model.VideoInput;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorRetryException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector's operations called directly, with inputs bound from variables as the runtime binds
 * them, against the simulator over HTTP: what each returns, and which failure the runtime receives.
 * The end-to-end tests run the same operations through the real connectors runtime.
 */
class SeedanceConnectorTest {
  private static SeedanceSimulator simulator;
  private static SeedanceClient client;
  private static SeedanceConnector connector;

  @BeforeAll
  static void start() {
    simulator =
        SeedanceSimulator.start(
            SimulatorSettings.realistic()
                .withTimes(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1))
                .withTimeScale(10));
    client = new SeedanceClient(ClientSettings.forLocalRun());
    connector = new SeedanceConnector(client, PriceTable.EMPTY);
  }

  @AfterAll
  static void stop() {
    client.close();
    simulator.close();
  }

  private static <T> T bind(Map<String, Object> variables, Class<T> type) {
    return Json.mapper().convertValue(variables, type);
  }

  private static ProviderInput provider() {
    return bind(
        Map.of("type", "ark", "baseUrl", simulator.baseUrl(), "apiKey", "sk-connector"),
        ProviderInput.class);
  }

  @Test
  void createThenReadThenCancelIsRefusedOnceItRuns() throws Exception {
    TaskSnapshot created =
        connector
            .createTask(
                provider(),
                bind(
                    Map.of("model", "dreamina-seedance-2-0-fast-260128", "prompt", "A kite"),
                    VideoInput.class),
                null,
                null)
            .task();
    assertThat(created.taskId()).startsWith("cgt-");
    assertThat(created.status()).isEqualTo(TaskStatus.QUEUED);
    TaskSnapshot read =
        await("the task ends")
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    connector
                        .getTask(provider(), new TaskInput(created.taskId()), null, null)
                        .task(),
                task -> task.status().isFinal());
    assertThat(read.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(read.videoUrl()).startsWith(simulator.baseUrl() + "/media/");
    assertThat(connector.cancelTask(provider(), new TaskInput(created.taskId())).status())
        .as("a finished task is left as it is")
        .isEqualTo(TaskStatus.SUCCEEDED);
  }

  @Test
  void invalidInputReachesTheRuntimeAsAnInputFailureAndSendsNothing() {
    int before = simulator.tasksCreated();
    ConnectorException e =
        catchThrowableOfType(
            ConnectorException.class,
            () ->
                connector.createTask(
                    provider(),
                    bind(
                        Map.of("model", "dreamina-seedance-2-0-fast-260128", "duration", 99),
                        VideoInput.class),
                    null,
                    null));
    assertThat(e.getErrorCode()).isEqualTo("SEEDANCE_INVALID_INPUT");
    assertThat(e.getMessage()).contains("video.prompt").contains("video.duration");
    assertThat(simulator.tasksCreated()).isEqualTo(before);
  }

  @Test
  void aFailedTaskIsAFailureWithTheProvidersCodeThatIsNotRetried() throws Exception {
    TaskSnapshot created =
        connector
            .createTask(
                provider(),
                bind(
                    Map.of("model", "dreamina-seedance-2-0-fast-260128", "prompt", "No [sim:fail]"),
                    VideoInput.class),
                null,
                null)
            .task();
    await("the task ends at the provider")
        .atMost(Duration.ofSeconds(10))
        .until(() -> simulator.finishedAt(created.taskId()).isPresent());
    ConnectorRetryException e =
        catchThrowableOfType(
            ConnectorRetryException.class,
            () -> connector.getTask(provider(), new TaskInput(created.taskId()), null, null));
    assertThat(e.getErrorCode()).isEqualTo("SEEDANCE_TASK_FAILED");
    assertThat(e.getRetries()).isZero();
    assertThat(e.getMessage())
        .contains("OutputVideoSensitiveContentDetected")
        .contains(created.taskId());
  }
}
