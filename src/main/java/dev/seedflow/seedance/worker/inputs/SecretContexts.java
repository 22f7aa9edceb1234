package dev.seedflow.seedance.worker.inputs;

import io.camunda.connector.api.secret.SecretContext;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * A secret context with nothing set, on every connectors SDK. {@code SecretContext} is a record
 * whose components changed: 8.8's takes a tenant id, 8.9's and 8.10's a tenant id and a process
 * definition id, so a compiled {@code new SecretContext(null)} fails there with {@code
 * NoSuchMethodError} (found by the source-tree check, docs/compatibility.md). This is the one seam
 * that builds it by reflection, every component null, as the worker resolves secrets outside any
 * tenant or process.
 */
final class SecretContexts {
  private SecretContexts() {}

  static SecretContext none() {
    return allNull(SecretContext.class);
  }

  /**
   * A record whose components are all null, through its canonical constructor, whatever their
   * number.
   */
  static <T extends Record> T allNull(Class<T> type) {
    Class<?>[] components =
        Arrays.stream(type.getRecordComponents())
            .map(RecordComponent::getType)
            .toArray(Class<?>[]::new);
    try {
      return type.getDeclaredConstructor(components).newInstance(new Object[components.length]);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot build an empty " + type.getName() + " on this connectors SDK", e);
    }
  }
}
