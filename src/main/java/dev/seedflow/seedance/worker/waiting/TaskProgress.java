package dev.seedflow.seedance.worker.waiting;

import dev.seedflow.seedance.client.TaskStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code seedanceProgress} says of a submitted task: Operate shows it as a local variable of
 * the task.
 *
 * @param progress the provider's percentage, or where it reports none (Ark) an estimate from the
 *     task's age
 * @param estimated whether {@code progress} is such an estimate
 */
public record TaskProgress(
    String taskId, TaskStatus status, Integer progress, boolean estimated, Instant checkedAt) {

  /**
   * Whether this says something the last published progress did not (the time of the check aside).
   */
  boolean differsFrom(TaskProgress published) {
    return published == null
        || status != published.status
        || !Objects.equals(progress, published.progress);
  }

  public Map<String, Object> asVariable() {
    Map<String, Object> variable = new LinkedHashMap<>();
    variable.put("taskId", taskId);
    variable.put("status", status.wireName());
    variable.put("progress", progress);
    variable.put("estimated", estimated);
    variable.put("checkedAt", checkedAt.toString());
    return variable;
  }
}
