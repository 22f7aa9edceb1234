package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.smoke.ShippedManifests;
import dev.seedflow.seedance.worker.engine.ClientEnvironment;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The manifests in connector/kubernetes, parsed and held to the worker they deploy (no Kubernetes
 * validator runs here): the probes on the management port's paths, the port the setting opens,
 * secrets behind the runtime's prefix and from a Secret, a grace above the worker's own, and a
 * scrape annotation that finds /metrics.
 */
class KubernetesManifestsTest {
  private static final ObjectMapper YAML = ShippedManifests.YAML;
  private static final Path FOLDER = ShippedManifests.FOLDER;

  @Test
  void theWorkersDeploymentProbesScrapesAndStopsAsTheWorkerDoes() throws Exception {
    JsonNode deployment = YAML.readTree(FOLDER.resolve("worker-deployment.yaml").toFile());
    assertThat(deployment.path("kind").asText()).isEqualTo("Deployment");
    assertThat(deployment.path("apiVersion").asText()).isEqualTo("apps/v1");
    JsonNode pod = deployment.path("spec").path("template");
    assertThat(deployment.path("spec").path("selector").path("matchLabels"))
        .isEqualTo(pod.path("metadata").path("labels"));
    JsonNode container = pod.path("spec").path("containers").get(0);
    Map<String, JsonNode> env = new HashMap<>();
    container.path("env").forEach(variable -> env.put(variable.path("name").asText(), variable));

    int port = container.path("ports").get(0).path("containerPort").asInt();
    String portName = container.path("ports").get(0).path("name").asText();
    assertThat(env.get("SEEDFLOW_WORKER_MANAGEMENT_PORT").path("value").asText())
        .isEqualTo(String.valueOf(port));
    assertThat(
            WorkerSettings.fromEnvironment(
                    Map.of("SEEDFLOW_WORKER_MANAGEMENT_PORT", String.valueOf(port)))
                .managementPort())
        .isEqualTo(port);
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo(ManagementEndpoint.LIVE);
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo(ManagementEndpoint.READY);
    assertThat(container.path("livenessProbe").path("httpGet").path("port").asText())
        .isEqualTo(portName);
    assertThat(container.path("readinessProbe").path("httpGet").path("port").asText())
        .isEqualTo(portName);

    JsonNode annotations = pod.path("metadata").path("annotations");
    assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
    assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(String.valueOf(port));
    assertThat(annotations.path("prometheus.io/path").asText())
        .isEqualTo(ManagementEndpoint.METRICS);

    Duration grace =
        WorkerSettings.fromEnvironment(
                Map.of(
                    "SEEDFLOW_WORKER_SHUTDOWN_GRACE",
                    env.get("SEEDFLOW_WORKER_SHUTDOWN_GRACE").path("value").asText()))
            .shutdownGrace();
    assertThat(grace).isEqualTo(WorkerSettings.defaults().shutdownGrace());
    assertThat(Duration.ofSeconds(pod.path("spec").path("terminationGracePeriodSeconds").asLong()))
        .as("Kubernetes waits longer than the worker")
        .isGreaterThan(grace);

    String prefix =
        env.get("CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX").path("value").asText();
    assertThat(prefix).isEqualTo("SECRET_");
    for (String secret : new String[] {prefix + "SEEDANCE_API_KEY", "CAMUNDA_CLIENT_SECRET"}) {
      assertThat(env.get(secret).has("value"))
          .as(secret + " never written into the manifest")
          .isFalse();
      assertThat(env.get(secret).path("valueFrom").path("secretKeyRef").path("name").asText())
          .isEqualTo("seedflow-worker");
    }
    JsonNode secret = YAML.readTree(FOLDER.resolve("worker-secret.example.yaml").toFile());
    assertThat(secret.path("metadata").path("name").asText()).isEqualTo("seedflow-worker");
    assertThat(secret.path("stringData").has("seedance-api-key")).isTrue();
    assertThat(secret.path("stringData").has("camunda-client-secret")).isTrue();

    assertThat(env.get(prefix + "SEEDANCE_BASE_URL").path("value").asText())
        .as("every example reads {{secrets.SEEDANCE_BASE_URL}}")
        .isEqualTo(ProviderType.ARK.defaultBaseUrl().orElseThrow());
    assertThat(env).containsKeys(ClientEnvironment.OAUTH.toArray(String[]::new));

    assertThat(container.path("resources").path("requests").path("memory").asText()).isNotEmpty();
    assertThat(container.path("resources").path("limits").path("memory").asText())
        .isEqualTo(container.path("resources").path("requests").path("memory").asText());
  }

  @Test
  void theHelmValuesPutTheConnectorJarWhereTheRuntimeLoadsIt() throws Exception {
    JsonNode connectors =
        YAML.readTree(FOLDER.resolve("connectors-values.yaml").toFile()).path("connectors");
    String downloaded = null;
    for (JsonNode argument : connectors.path("initContainers").get(0).path("args")) {
      if (argument.asText().startsWith("/opt/custom/")) downloaded = argument.asText();
    }
    assertThat(downloaded).isEqualTo("/opt/custom/seedflow-connector.jar");
    JsonNode mount = connectors.path("extraVolumeMounts").get(0);
    assertThat(mount.path("mountPath").asText()).isEqualTo(downloaded);
    assertThat(mount.path("name").asText())
        .isEqualTo(connectors.path("extraVolumes").get(0).path("name").asText());
    Map<String, JsonNode> env = new HashMap<>();
    connectors.path("env").forEach(variable -> env.put(variable.path("name").asText(), variable));
    assertThat(
            env.get("CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX").path("value").asText())
        .isEqualTo("SECRET_");
    assertThat(
            env.get("SECRET_SEEDANCE_API_KEY")
                .path("valueFrom")
                .path("secretKeyRef")
                .path("name")
                .asText())
        .isEqualTo("seedflow-worker");
    assertThat(env.get("SECRET_SEEDANCE_BASE_URL").path("value").asText())
        .as("every example reads {{secrets.SEEDANCE_BASE_URL}}")
        .isEqualTo(ProviderType.ARK.defaultBaseUrl().orElseThrow());
  }
}
