package dev.seedflow.seedance.worker.inputs;

import io.camunda.connector.api.secret.SecretContext;
import io.camunda.connector.api.secret.SecretProvider;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets by name from a plain lookup (environment variables or Spring properties), where no
 * connectors runtime provides them.
 */
public record LookupSecrets(UnaryOperator<String> lookup) implements SecretProvider {
  /**
   * The setting that names the prefix of secret environment variables, as the connectors runtime
   * reads it.
   */
  public static final String PREFIX_VARIABLE =
      "CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX";

  /** The prefix when the setting is absent: the connectors runtime's default since Camunda 8.9. */
  public static final String DEFAULT_PREFIX = "SECRET_";

  /**
   * Secrets from environment variables exactly as the connectors runtime (8.9 and later) finds
   * them: {@code {{secrets.SEEDANCE_API_KEY}}} is the variable {@code <prefix>SEEDANCE_API_KEY},
   * the prefix being CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX, {@code SECRET_} when it
   * is absent. Set to empty, every variable is a secret, as 8.8 allowed and deprecated; the worker
   * says so, once, in its log. A secret asked for that the environment holds only without the
   * prefix is not read, but the log says which variable to rename (never its value).
   */
  public static LookupSecrets fromEnvironment(Map<String, String> environment) {
    Map<String, String> copy = Map.copyOf(environment);
    return behindPrefix(copy::get, environment.getOrDefault(PREFIX_VARIABLE, DEFAULT_PREFIX));
  }

  /**
   * Secrets from any lookup (a Spring application's environment, say) behind this prefix, with the
   * same rules as {@link #fromEnvironment}: an empty prefix makes everything a secret (deprecated,
   * said once), and a secret found only without the prefix is not read, its name logged.
   */
  public static LookupSecrets behindPrefix(UnaryOperator<String> lookup, String prefix) {
    Logger log = LoggerFactory.getLogger(LookupSecrets.class);
    if (prefix.isBlank()) {
      log.warn(
          "{} is empty, so every environment variable can be read as a secret; leave it unset (the"
              + " prefix is then {}, as in the connectors runtime since 8.9) and name the secrets"
              + " {}SEEDANCE_API_KEY and so on",
          PREFIX_VARIABLE,
          DEFAULT_PREFIX,
          DEFAULT_PREFIX);
    }
    Set<String> told = ConcurrentHashMap.newKeySet();
    return new LookupSecrets(
        name -> {
          String value = lookup.apply(prefix + name);
          if (value == null && !prefix.isBlank() && lookup.apply(name) != null && told.add(name)) {
            log.warn(
                "The secret {} was asked for: there is {} but no {}{}, and secrets are read behind"
                    + " the prefix {} ({}; the connectors runtime's default since Camunda 8.9):"
                    + " rename it",
                name,
                name,
                prefix,
                name,
                prefix,
                PREFIX_VARIABLE);
          }
          return value;
        });
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
