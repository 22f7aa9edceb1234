package dev.seedflow.seedance.client;

import dev.seedflow.seedance.error.SeedanceException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one read of many tasks found. A task whose answer was refused (a result URL that points
 * inside the network, say) is reported on its own, so one hostile entry does not fail the other
 * tasks of the list. A task in neither map is unknown to the provider.
 */
public record TaskReads(Map<String, TaskSnapshot> found, Map<String, SeedanceException> refused) {
  public TaskReads {
    found = Collections.unmodifiableMap(new LinkedHashMap<>(found)); // in the order asked for
    refused = Collections.unmodifiableMap(new LinkedHashMap<>(refused));
  }
}
