package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.model.JobTypes;

/** The two job types the worker serves. */
public enum JobKind {
  /** Submit, then wait. */
  GENERATE(JobTypes.GENERATE),
  /** Wait for an existing {@code task.id}. */
  AWAIT(JobTypes.AWAIT);

  private final String jobType;

  JobKind(String jobType) {
    this.jobType = jobType;
  }

  public String jobType() {
    return jobType;
  }
}
