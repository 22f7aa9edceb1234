package dev.seedflow.seedance.worker.shared;

/**
 * The steps of a job's life that run on the worker's own threads, each under a catch-all: a fault
 * there (ours, or a provider's value nothing foresaw) ends the job with {@code SEEDANCE_INTERNAL}
 * naming the step, and frees its slot and permit. Tests make each step throw ({@link Probe}) to
 * prove that no job is then left without an outcome.
 */
public enum JobStep {
  STARTING_THE_JOB("starting the job"),
  BEGINNING_THE_SUBMIT("beginning the submit"),
  NOTING_A_FRESH_INTENT("noting a fresh intent"),
  /**
   * A fault here may come after the create went out: the outcome is unknown, and settled from the
   * provider's list.
   */
  CREATING("the create call"),
  LOOKING_FOR_A_LOST_CREATE("looking for a lost create's task"),
  RESUMING_THE_TASK_FOUND("resuming the task found"),
  BEGINNING_THE_WAIT("beginning the wait"),
  STARTING_THE_WAIT("starting the wait"),
  PLANNING_THE_READ("planning the read"),
  READING_THE_TASK("reading the task"),
  HANDLING_A_FAILED_READ("handling a failed read"),
  HANDLING_THE_TASKS_ANSWER("handling the task's answer"),
  KEEPING_THE_VIDEO("keeping the video");

  private final String label;

  JobStep(String label) {
    this.label = label;
  }

  @Override
  public String toString() {
    return label;
  }

  /**
   * Called as each step begins: nothing in production; a test's fault, thrown from inside the
   * step's catch-all.
   */
  @FunctionalInterface
  public interface Probe {
    Probe NONE = step -> {};

    void entering(JobStep step);
  }
}
