package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.worker.engine.EngineJobEnds;
import dev.seedflow.seedance.worker.engine.JobCommands;
import dev.seedflow.seedance.worker.engine.JobFinisher;
import dev.seedflow.seedance.worker.engine.JobRef;
import dev.seedflow.seedance.worker.submit.SubmitEffects;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * What the line for room and the settling of lost creates decide, carried out in the engine. Built
 * here, in the wiring, so the submit room decides without knowing the engine room.
 */
final class SubmitInTheEngine extends EngineJobEnds implements SubmitEffects {
  SubmitInTheEngine(JobCommands commands, JobFinisher finisher) {
    super(commands, finisher);
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
  public void inform(JobRef job, String name, Object value) {
    commands.inform(job, name, value);
  }
}
