package dev.seedflow.seedance.worker.submit;

import dev.seedflow.seedance.worker.engine.JobCommands;
import dev.seedflow.seedance.worker.engine.JobEnds;
import dev.seedflow.seedance.worker.engine.JobRef;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * All that submitting does to its job in the engine: the line for room at the provider and the
 * settling of lost creates decide, and the wiring carries it out; a test records what they decided,
 * on a clock of its own.
 */
public interface SubmitEffects extends JobEnds {

  /**
   * Keeps the job this worker's for another {@code timeout}; the future says whether it surely
   * still is ({@link JobCommands#keep}).
   */
  CompletableFuture<Boolean> keep(JobRef job, Duration timeout, Instant heldUntil);

  /**
   * The job is let go without a command: it may be another worker's by now, and the engine hands it
   * out again.
   */
  void abandon();

  /** A local variable that only informs (the place in line). */
  void inform(JobRef job, String name, Object value);
}
