package dev.seedflow.seedance.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One reading of a task, the same for every dialect: the result every step completes with. Times
 * are ISO-8601 strings (UTC), which FEEL and Operate show as they are.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TaskSnapshot(
    String taskId,
    TaskStatus status,
    String rawStatus,
    Integer progress,
    String videoUrl,
    String lastFrameUrl,
    String model,
    String resolution,
    String ratio,
    Integer duration,
    Long seed,
    Usage usage,
    TaskError error,
    String createdAt,
    String updatedAt) {

  public record Usage(Long completionTokens, Long totalTokens) {}

  public record TaskError(String code, String message) {}

  /** What the client knows right after a create call that answered only with an id. */
  public static TaskSnapshot submitted(String taskId, String model) {
    return new TaskSnapshot(
        taskId,
        TaskStatus.QUEUED,
        null,
        0,
        null,
        null,
        model,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** The same reading under the id that was asked for, whatever id (if any) the answer repeated. */
  public TaskSnapshot withTaskId(String id) {
    return new TaskSnapshot(
        id,
        status,
        rawStatus,
        progress,
        videoUrl,
        lastFrameUrl,
        model,
        resolution,
        ratio,
        duration,
        seed,
        usage,
        error,
        createdAt,
        updatedAt);
  }

  /**
   * The same reading under another of the provider's words (a cancel's answer), its normalised
   * status unchanged.
   */
  public TaskSnapshot withRawStatus(String word) {
    return new TaskSnapshot(
        taskId,
        status,
        word,
        progress,
        videoUrl,
        lastFrameUrl,
        model,
        resolution,
        ratio,
        duration,
        seed,
        usage,
        error,
        createdAt,
        updatedAt);
  }

  public TaskSnapshot withStatus(TaskStatus newStatus) {
    return new TaskSnapshot(
        taskId,
        newStatus,
        rawStatus,
        progress,
        videoUrl,
        lastFrameUrl,
        model,
        resolution,
        ratio,
        duration,
        seed,
        usage,
        error,
        createdAt,
        updatedAt);
  }
}
