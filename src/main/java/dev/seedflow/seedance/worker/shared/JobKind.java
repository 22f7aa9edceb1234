package dev.seedflow.seedance.worker.shared;

/**
 * The two kinds of job the worker serves; which job type each is served under is a setting
 * (WorkerSettings).
 */
public enum JobKind {
  /** Submit, then wait. */
  GENERATE,
  /** Wait for an existing {@code task.id}. */
  AWAIT
}
