package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.model.WorkerVariables;
import dev.seedflow.seedance.worker.engine.EngineJobEnds;
import dev.seedflow.seedance.worker.engine.JobCommands;
import dev.seedflow.seedance.worker.engine.JobFinisher;
import dev.seedflow.seedance.worker.engine.JobRef;
import dev.seedflow.seedance.worker.keeping.VideoKeeping;
import dev.seedflow.seedance.worker.keeping.VideoToKeep;
import dev.seedflow.seedance.worker.submit.ProviderQueue;
import dev.seedflow.seedance.worker.waiting.TaskProgress;
import dev.seedflow.seedance.worker.waiting.WaitEffects;
import java.time.Duration;

/**
 * What a wait decides, carried out: in the engine, in the provider's queue, and by keeping. Built
 * here, in the wiring, so the waiting room knows none of the rooms it drives.
 */
final class WaitInTheEngine extends EngineJobEnds implements WaitEffects {
  private final VideoKeeping keeping;
  private final ProviderQueue queue;

  WaitInTheEngine(
      JobCommands commands, JobFinisher finisher, VideoKeeping keeping, ProviderQueue queue) {
    super(commands, finisher);
    this.keeping = keeping;
    this.queue = queue;
  }

  @Override
  public void videoReady(VideoToKeep job, TaskSnapshot task) {
    keeping.finish(job, task);
  }

  @Override
  public void extendTimeout(JobRef job, Duration timeout) {
    commands.extendTimeout(job, timeout);
  }

  @Override
  public void progress(JobRef job, TaskProgress progress) {
    commands.inform(job, WorkerVariables.PROGRESS, progress.asVariable());
  }

  @Override
  public void holdSlot(String lane) {
    queue.hold(lane);
  }

  @Override
  public void releaseSlot(String lane) {
    queue.release(lane);
  }
}
