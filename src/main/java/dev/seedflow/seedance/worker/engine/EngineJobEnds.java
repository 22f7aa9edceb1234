package dev.seedflow.seedance.worker.engine;

import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.worker.shared.JobStep;
import java.time.Duration;

/** {@link JobEnds} carried out in the engine; submitting's and waiting's effects build on it. */
public abstract class EngineJobEnds implements JobEnds {
  protected final JobCommands commands;
  private final JobFinisher finisher;

  protected EngineJobEnds(JobCommands commands, JobFinisher finisher) {
    this.commands = commands;
    this.finisher = finisher;
  }

  @Override
  public void entering(JobStep step) {
    finisher.entering(step);
  }

  @Override
  public void fail(JobRef job, SeedanceException failure) {
    finisher.fail(job, failure, 0, Duration.ZERO);
  }

  @Override
  public void failUnexpectedly(JobRef job, JobStep step, Throwable bug, String taskId) {
    finisher.failUnexpectedly(job, step, bug, taskId);
  }

  @Override
  public void handBack(JobRef job) {
    commands.handBack(job);
  }
}
