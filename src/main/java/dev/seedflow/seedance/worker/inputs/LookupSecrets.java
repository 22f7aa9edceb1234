package dev.seedflow.seedance.worker.inputs;

import io.camunda.connector.api.secret.SecretContext;
import io.camunda.connector.api.secret.SecretProvider;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;

/** Secrets by name from a plain lookup (environment variables or Spring properties), where no connectors runtime provides them. */
public record LookupSecrets(UnaryOperator<String> lookup) implements SecretProvider {
  /** The setting that names the prefix of secret environment variables, as the connectors runtime reads it. */
  public static final String PREFIX_VARIABLE = "CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX";

  /**
   * Secrets from environment variables exactly as the connectors runtime's environment secret provider finds them:
   * {@code {{secrets.SEEDANCE_API_KEY}}} is the variable {@code <prefix>SEEDANCE_API_KEY}, the prefix being
   * CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX (on 8.9 the runtime's default becomes {@code SECRET_}).
   * Without a prefix every variable is a secret, which the runtime deprecates; so does this worker, once, in its log.
   */
  public static LookupSecrets fromEnvironment(Map<String, String> environment) {
    String prefix = environment.getOrDefault(PREFIX_VARIABLE, "");
    if (prefix.isBlank()) {
      LoggerFactory.getLogger(LookupSecrets.class).warn("{} is not set, so every environment variable can be read as a secret; "
          + "set it (for example to SECRET_) and name the secrets SECRET_SEEDANCE_API_KEY and so on, as the connectors runtime wants", PREFIX_VARIABLE);
    }
    Map<String, String> copy = Map.copyOf(environment);
    return new LookupSecrets(name -> copy.get(prefix + name));
  }

  @Override
  public String getSecret(String name, SecretContext context) {
    return lookup.apply(name);
  }

  @Override
  public String toString() {
    return "LookupSecrets";
  }
}
