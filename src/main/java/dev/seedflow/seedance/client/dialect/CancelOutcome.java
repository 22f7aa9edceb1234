package dev.seedflow.seedance.client.dialect;

/** What a cancel call's answer says of the task, in words every API's answer maps to. */
public enum CancelOutcome {
  /** The task is cancelled (for most APIs, the call succeeding says so). */
  CANCELLED,
  /**
   * The task was asked to stop and may still finish (fal, {@code CANCELLATION_REQUESTED}, for a
   * request that runs).
   */
  REQUESTED,
  /**
   * The task had already ended, so nothing was cancelled: read it again for how it ended (fal,
   * {@code ALREADY_COMPLETED}).
   */
  ALREADY_ENDED
}
