package dev.seedflow.seedance.worker.submit;

import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.worker.JobStep;
import dev.seedflow.seedance.worker.engine.JobCommands;
import dev.seedflow.seedance.worker.engine.JobFinisher;
import dev.seedflow.seedance.worker.engine.JobRef;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * All that submitting does to its job in the engine: the line for room at the provider and the settling of lost
 * creates decide, and this carries it out. The worker wires the engine room behind it ({@link #of}); a test records what
 * they decided, on a clock of its own.
 */
public interface SubmitEffects {

  /** A step of the job begins (the probe that tests use to make any step fail). */
  void entering(JobStep step);

  /** Keeps the job this worker's for another {@code timeout}; the future says whether it surely still is ({@link JobCommands#keep}). */
  CompletableFuture<Boolean> keep(JobRef job, Duration timeout, Instant heldUntil);

  /** The job is let go without a command: it may be another worker's by now, and the engine hands it out again. */
  void abandon();

  /** The worker is stopping: the job goes back to the engine, for another worker. */
  void handBack(JobRef job);

  /** A local variable that only informs (the place in line). */
  void inform(JobRef job, String name, Object value);

  /** The job ends in a failure that no retry mends. */
  void fail(JobRef job, SeedanceException failure);

  /** A fault of ours ended the job at this step. */
  void failUnexpectedly(JobRef job, JobStep step, Throwable bug, String taskId);

  static SubmitEffects of(JobCommands commands, JobFinisher finisher) {
    return new SubmitEffects() {
      @Override
      public void entering(JobStep step) {
        finisher.entering(step);
      }

      @Override
      public CompletableFuture<Boolean> keep(JobRef job, Duration timeout, Instant heldUntil) {
        return commands.keep(job, timeout, heldUntil);
      }

      @Override
      public void abandon() {
        commands.abandon();
      }

      @Override
      public void handBack(JobRef job) {
        commands.handBack(job);
      }

      @Override
      public void inform(JobRef job, String name, Object value) {
        commands.inform(job, name, value);
      }

      @Override
      public void fail(JobRef job, SeedanceException failure) {
        finisher.fail(job, failure, 0, Duration.ZERO);
      }

      @Override
      public void failUnexpectedly(JobRef job, JobStep step, Throwable bug, String taskId) {
        finisher.failUnexpectedly(job, step, bug, taskId);
      }
    };
  }
}
