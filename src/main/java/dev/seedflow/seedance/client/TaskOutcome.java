package dev.seedflow.seedance.client;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.Text;
import java.util.Optional;

/**
 * What a finished task means for the process: a video, or a failure with the provider's own code
 * and message.
 */
public final class TaskOutcome {
  private TaskOutcome() {}

  /**
   * The failure a task that ended without a video stands for, a success whose answer holds no video
   * included; empty while it runs or when it succeeded with one.
   */
  public static Optional<SeedanceException> failureOf(TaskSnapshot task) {
    if (task.status() == TaskStatus.SUCCEEDED && task.videoUrl() == null)
      return Optional.of(noVideo(task));
    ErrorCode code =
        switch (task.status()) {
          case FAILED -> ErrorCode.TASK_FAILED;
          case CANCELLED -> ErrorCode.TASK_CANCELLED;
          case EXPIRED -> ErrorCode.TASK_EXPIRED;
          case QUEUED, RUNNING, SUCCEEDED, UNKNOWN -> null;
        };
    if (code == null) {
      return Optional.empty();
    }
    String what =
        switch (code) {
          case TASK_CANCELLED -> "the video task was cancelled";
          case TASK_EXPIRED ->
              "the video task reached its deadline at the provider before it finished (expired, or"
                  + " aborted before it ran)";
          default -> "the provider failed the video task";
        };
    return Optional.of(quoting(SeedanceException.of(code, what), task));
  }

  /**
   * A success that holds no single video URL: completing the step without one would pass an empty
   * result on as a video (the worker reads such an answer once more before it gets here). What was
   * there instead is the provider's message.
   */
  private static SeedanceException noVideo(TaskSnapshot task) {
    return quoting(
        SeedanceException.of(
            ErrorCode.BAD_RESPONSE,
            "the provider says the video task succeeded, but its answer holds no video URL; the"
                + " task may be paid for. Look the task up at the provider before making the video"
                + " again"),
        task);
  }

  private static SeedanceException quoting(SeedanceException.Builder failure, TaskSnapshot task) {
    TaskSnapshot.TaskError error = task.error();
    return failure
        .taskId(task.taskId())
        // Provider text, quoted as every message quotes it: escaped, and cut short (a failed task
        // may carry 60,000 characters).
        // The provider's code, or its status word where the failure has none (Replicate's error is
        // a text alone).
        .providerCode(
            Text.shown(error == null || error.code() == null ? task.rawStatus() : error.code()))
        .providerMessage(
            error == null || error.message() == null
                ? null
                : Text.shown(error.message(), Text.PROVIDER_TEXT_CHARS))
        .build();
  }
}
