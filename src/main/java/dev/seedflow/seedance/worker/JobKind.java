package dev.seedflow.seedance.worker;

import java.util.Arrays;
import java.util.Optional;

/** The two job types the worker serves. */
public enum JobKind {
  /** Submit, then wait. */
  GENERATE("dev.seedflow:seedance-generate:1"),
  /** Wait for an existing {@code task.id}. */
  AWAIT("dev.seedflow:seedance-await:1");

  private final String jobType;

  JobKind(String jobType) {
    this.jobType = jobType;
  }

  public String jobType() {
    return jobType;
  }

  static Optional<JobKind> ofJobType(String type) {
    return Arrays.stream(values()).filter(kind -> kind.jobType.equals(type)).findFirst();
  }
}
