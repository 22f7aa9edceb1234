package dev.seedflow.seedance.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The shipped manifests in connector/kubernetes, read as Kubernetes would hand them out. */
final class KubernetesManifests {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Path FOLDER = Path.of("connector/kubernetes");

  private KubernetesManifests() {}

  static JsonNode read(String file) throws IOException {
    return YAML.readTree(FOLDER.resolve(file).toFile());
  }

  /**
   * The worker container's environment as the pod gets it: each plain value as written, each
   * secret's value from the example Secret (worker-secret.example.yaml), as a user who filled it in
   * would have them.
   */
  static Map<String, String> workerEnvironment() throws IOException {
    JsonNode container =
        read("worker-deployment.yaml")
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0);
    JsonNode secret = read("worker-secret.example.yaml");
    Map<String, String> environment = new HashMap<>();
    for (JsonNode variable : container.path("env")) {
      JsonNode reference = variable.path("valueFrom").path("secretKeyRef");
      String value =
          reference.isMissingNode()
              ? variable.path("value").asText()
              : secretValue(secret, reference);
      environment.put(variable.path("name").asText(), value);
    }
    return environment;
  }

  private static String secretValue(JsonNode secret, JsonNode reference) {
    if (!secret.path("metadata").path("name").asText().equals(reference.path("name").asText())) {
      throw new IllegalStateException("the manifest names a Secret not shipped: " + reference);
    }
    JsonNode value = secret.path("stringData").path(reference.path("key").asText());
    if (value.isMissingNode()) {
      throw new IllegalStateException("the example Secret has no " + reference.path("key"));
    }
    return value.asText();
  }
}
