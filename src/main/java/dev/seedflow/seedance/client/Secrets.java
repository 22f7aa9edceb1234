package dev.seedflow.seedance.client;

import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.Text;

/**
 * Keeps the API key out of everything we show: some providers echo the key they rejected in their
 * error text, and a hostile one may put it in any field of a task. Everything the client returns or
 * throws passes through here.
 */
public record Secrets(String apiKey) {
  private static final String HIDDEN = "***";

  /** The text with the key replaced, wherever it appears. */
  public String redact(String text) {
    if (text == null || apiKey == null || apiKey.length() < 4) return text;
    return text.replace(apiKey, HIDDEN);
  }

  /** Provider text as a message may quote it: the key removed first, then escaped and cut short. */
  String quote(String providerText) {
    return providerText == null ? null : Text.shown(redact(providerText), Text.PROVIDER_TEXT_CHARS);
  }

  /** The task with the key removed from every text field, whichever one a provider echoed it in. */
  TaskSnapshot redact(TaskSnapshot task) {
    TaskSnapshot.TaskError error =
        task.error() == null
            ? null
            : new TaskSnapshot.TaskError(
                redact(task.error().code()), redact(task.error().message()));
    return new TaskSnapshot(
        redact(task.taskId()),
        task.status(),
        redact(task.rawStatus()),
        task.progress(),
        redact(task.videoUrl()),
        redact(task.lastFrameUrl()),
        redact(task.model()),
        redact(task.resolution()),
        redact(task.ratio()),
        task.duration(),
        task.seed(),
        task.usage(),
        error,
        redact(task.createdAt()),
        redact(task.updatedAt()));
  }

  /**
   * The failure with the key removed from its message, its provider text and the messages of its
   * causes.
   */
  public SeedanceException redact(SeedanceException failure) {
    return failure.redacted(this::redact);
  }

  @Override
  public String toString() {
    return "Secrets[" + HIDDEN + "]";
  }
}
