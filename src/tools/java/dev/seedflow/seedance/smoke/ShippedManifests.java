package dev.seedflow.seedance.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Kubernetes manifests in connector/kubernetes, read as Kubernetes hands their environment to a
 * container: each plain value as written, each secret's value from the Secret it names. The smoke
 * run and the tests start the deliverables with these environments, so a manifest that names a
 * setting wrongly fails there rather than in a cluster.
 */
public final class ShippedManifests {
  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  public static final Path FOLDER = Path.of("connector/kubernetes");

  /** The one Secret the manifests name. */
  public static final String SECRET = "seedflow-worker";

  private ShippedManifests() {}

  public static JsonNode read(String file) throws IOException {
    return YAML.readTree(FOLDER.resolve(file).toFile());
  }

  /** The example Secret's values by key, as a user who filled it in would have them. */
  public static Map<String, String> exampleSecret() throws IOException {
    Map<String, String> values = new HashMap<>();
    read("worker-secret.example.yaml")
        .path("stringData")
        .properties()
        .forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
    return values;
  }

  /** The standalone worker's container in worker-deployment.yaml. */
  public static Map<String, String> workerEnvironment(Map<String, String> secret)
      throws IOException {
    JsonNode pod = read("worker-deployment.yaml").path("spec").path("template").path("spec");
    return environment(pod.path("containers").get(0).path("env"), secret);
  }

  /** The connectors runtime's, as connectors-values.yaml gives it to Camunda's Helm chart. */
  public static Map<String, String> runtimeEnvironment(Map<String, String> secret)
      throws IOException {
    return environment(read("connectors-values.yaml").path("connectors").path("env"), secret);
  }

  private static Map<String, String> environment(JsonNode variables, Map<String, String> secret) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (JsonNode variable : variables) {
      JsonNode reference = variable.path("valueFrom").path("secretKeyRef");
      String name = variable.path("name").asText();
      if (reference.isMissingNode()) {
        environment.put(name, variable.path("value").asText());
        continue;
      }
      String key = reference.path("key").asText();
      if (!reference.path("name").asText().equals(SECRET) || !secret.containsKey(key)) {
        throw new IllegalStateException(
            name + " reads " + reference + ", which the Secret " + SECRET + " does not hold");
      }
      environment.put(name, secret.get(key));
    }
    return environment;
  }
}
