package dev.seedflow.seedance.worker.inputs;

import io.camunda.connector.api.secret.SecretProvider;
import java.util.function.UnaryOperator;
import org.springframework.core.env.Environment;

/**
 * The secrets of the Spring application our jar runs in, found once for the connector, the "video
 * finished" event and the worker alike: the connectors runtime's secret provider where there is one
 * (environment, console or vault, as the runtime is set up), else the application's properties
 * behind the runtime's prefix.
 */
public final class RuntimeSecrets {
  /**
   * The connectors runtime's property for the prefix of environment secrets
   * (CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX).
   */
  private static final String SECRET_PREFIX_PROPERTY =
      "camunda.connector.secretprovider.environment.prefix";

  private RuntimeSecrets() {}

  /**
   * @param runtime the connectors runtime's secret provider, or null outside one
   */
  public static SecretProvider of(SecretProvider runtime, Environment environment) {
    return runtime != null
        ? runtime
        : LookupSecrets.behindPrefix(
            environment::getProperty,
            environment.getProperty(
                SECRET_PREFIX_PROPERTY,
                environment.getProperty(
                    "camunda.connector.secret-provider.environment.prefix",
                    LookupSecrets.DEFAULT_PREFIX)));
  }

  /**
   * One secret by name, outside any tenant or process, as the worker resolves secrets; null when it
   * is not set.
   */
  public static UnaryOperator<String> byName(SecretProvider secrets) {
    return name -> secrets.getSecret(name, SecretContexts.none());
  }
}
