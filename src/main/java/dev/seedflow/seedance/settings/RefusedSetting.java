package dev.seedflow.seedance.settings;

/**
 * A setting the worker or connector will not start with. Its message is one line for the operator:
 * the setting as they set it, its value where it has one, and what it must be. A start that fails
 * on it says that line and no stack trace.
 */
public final class RefusedSetting extends RuntimeException {
  public RefusedSetting(String message) {
    super(message);
  }

  public RefusedSetting(String message, Throwable cause) {
    super(message, cause);
  }
}
