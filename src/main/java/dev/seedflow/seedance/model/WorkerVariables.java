package dev.seedflow.seedance.model;

/**
 * The local variables the worker keeps on a task's element instance, public API too: the incident
 * of an unknown submit tells a person to set or clear them, Operate shows them, and the local
 * runner reads the progress.
 */
public final class WorkerVariables {
  /**
   * The intent to submit, stored and confirmed before a create call: {@code {attemptId, at,
   * model}}.
   */
  public static final String SUBMIT_INTENT = "seedanceSubmitIntent";

  /**
   * The provider's task id, stored right after the create call: a job that comes back resumes this
   * task.
   */
  public static final String TASK_ID = "seedanceTaskId";

  /** When the wait began, so a resumed wait keeps its deadline. */
  public static final String WAIT_STARTED = "seedanceWaitStartedAt";

  /** How far the video is: {@code {taskId, status, progress, estimated, checkedAt}}. */
  public static final String PROGRESS = "seedanceProgress";

  private WorkerVariables() {}
}
