package dev.seedflow.seedance.worker.engine;

import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.worker.shared.JobStep;

/**
 * The ways a job's step can end it or let it go, shared by submitting and waiting, so that both
 * rooms end jobs the same way and a test records them the same way. The engine room carries them
 * out ({@code EngineJobEnds}).
 */
public interface JobEnds {

  /** A step of the job begins (the probe that tests use to make any step fail). */
  void entering(JobStep step);

  /** The job ends in a failure that no retry of the job can mend. */
  void fail(JobRef job, SeedanceException failure);

  /** A fault of ours, or a provider's value nothing foresaw, ended the job at this step. */
  void failUnexpectedly(JobRef job, JobStep step, Throwable bug, String taskId);

  /**
   * The worker is stopping: the job goes back to the engine, for another worker to resume from
   * where it stands.
   */
  void handBack(JobRef job);
}
