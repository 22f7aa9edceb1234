package dev.seedflow.seedance.connector.finished;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The webhook ids this runtime serves as "video finished" events right now, counted (two versions
 * of a process may hold the same id): what {@link CallbackBodyLimit} limits, and nothing else of
 * the runtime's webhooks.
 */
public final class EventWebhooks {
  private final Map<String, Integer> active = new ConcurrentHashMap<>();

  void activated(String webhookId) {
    active.merge(webhookId, 1, Integer::sum);
  }

  void deactivated(String webhookId) {
    active.computeIfPresent(webhookId, (id, count) -> count == 1 ? null : count - 1);
  }

  boolean serves(String webhookId) {
    return active.containsKey(webhookId);
  }
}
