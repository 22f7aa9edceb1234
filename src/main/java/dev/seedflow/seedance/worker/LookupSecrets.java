package dev.seedflow.seedance.worker;

import io.camunda.connector.api.secret.SecretContext;
import io.camunda.connector.api.secret.SecretProvider;
import java.util.function.UnaryOperator;

/** Secrets by name from a plain lookup (environment variables or Spring properties), where no connectors runtime provides them. */
public record LookupSecrets(UnaryOperator<String> lookup) implements SecretProvider {
  @Override
  public String getSecret(String name, SecretContext context) {
    return lookup.apply(name);
  }

  @Override
  public String toString() {
    return "LookupSecrets";
  }
}
