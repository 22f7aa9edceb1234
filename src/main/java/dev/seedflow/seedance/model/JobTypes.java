package dev.seedflow.seedance.model;

/**
 * The job types (and the inbound connector's type), public API that users' BPMN models depend on:
 * written once here, read by the connector, the worker and the templates (annotations need them as
 * constants).
 */
public final class JobTypes {
  /** The outbound connector: create, read and cancel a task (task header {@code operation}). */
  public static final String CONNECTOR = "dev.seedflow:seedance:1";

  /** The paired worker: submit, wait, complete with the video. */
  public static final String GENERATE = "dev.seedflow:seedance-generate:1";

  /** The paired worker: wait for an existing {@code task.id}. */
  public static final String AWAIT = "dev.seedflow:seedance-await:1";

  /**
   * Not a job type: the inbound connector "video finished", a webhook catch event the provider
   * calls back. Public API all the same, as models name it ({@code inbound.type}).
   */
  public static final String VIDEO_FINISHED = "dev.seedflow:seedance-video-finished:1";

  private JobTypes() {}
}
