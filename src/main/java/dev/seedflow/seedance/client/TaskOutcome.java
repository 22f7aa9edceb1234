package dev.seedflow.seedance.client;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.Text;
import java.util.Optional;

/** What a finished task means for the process: a video, or a failure with the provider's own code and message. */
public final class TaskOutcome {
  private TaskOutcome() {}

  /** The failure a task that ended without a video stands for; empty while it runs or when it succeeded. */
  public static Optional<SeedanceException> failureOf(TaskSnapshot task) {
    ErrorCode code = switch (task.status()) {
      case FAILED -> ErrorCode.TASK_FAILED;
      case CANCELLED -> ErrorCode.TASK_CANCELLED;
      case EXPIRED -> ErrorCode.TASK_EXPIRED;
      case QUEUED, RUNNING, SUCCEEDED, UNKNOWN -> null;
    };
    if (code == null) {
      return Optional.empty();
    }
    String what = switch (code) {
      case TASK_CANCELLED -> "the video task was cancelled";
      case TASK_EXPIRED -> "the video task expired before it finished";
      default -> "the provider failed the video task";
    };
    TaskSnapshot.TaskError error = task.error();
    return Optional.of(SeedanceException.of(code, what)
        .taskId(task.taskId())
        // Provider text, quoted as every message quotes it: escaped, and cut short (a failed task may carry 60,000 characters).
        .providerCode(Text.shown(error == null ? task.rawStatus() : error.code()))
        .providerMessage(error == null || error.message() == null ? null : Text.shown(error.message(), Text.PROVIDER_TEXT_CHARS))
        .build());
  }
}
