package dev.seedflow.seedance.connector.finished;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The task ids this event has already correlated, the newest {@link #REMEMBERED}: a provider
 * repeats its callbacks (Ark retries a final one it thinks unacknowledged), and a repeat should
 * cost no read. The message id (the task id) stops a second correlation anyway; this only spares
 * the read.
 */
final class CalledBackTasks {
  static final int REMEMBERED = 10_000;

  private final Set<String> ids =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > REMEMBERED;
                }
              }));

  boolean contains(String taskId) {
    return ids.contains(taskId);
  }

  void add(String taskId) {
    ids.add(taskId);
  }
}
