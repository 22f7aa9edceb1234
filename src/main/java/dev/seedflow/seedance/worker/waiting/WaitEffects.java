package dev.seedflow.seedance.worker.waiting;

import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.model.WorkerVariables;
import dev.seedflow.seedance.worker.JobEnds;
import dev.seedflow.seedance.worker.engine.EngineJobEnds;
import dev.seedflow.seedance.worker.engine.JobCommands;
import dev.seedflow.seedance.worker.engine.JobFinisher;
import dev.seedflow.seedance.worker.engine.JobRef;
import dev.seedflow.seedance.worker.keeping.VideoKeeping;
import dev.seedflow.seedance.worker.keeping.VideoToKeep;
import dev.seedflow.seedance.worker.submit.ProviderQueue;
import java.time.Duration;

/**
 * All a wait does outside itself: to its job in the engine, to the provider's queue, and to
 * keeping. The worker wires the engine room, the queue and keeping behind it ({@link #of}); a test
 * records what the wait decided.
 */
public interface WaitEffects extends JobEnds {

  /** The task succeeded: keep its video, then complete the job. */
  void videoReady(VideoToKeep job, TaskSnapshot task);

  /** The job stays this worker's for another job timeout. */
  void extendTimeout(JobRef job, Duration timeout);

  /** How far the video is, for Operate. */
  void progress(JobRef job, TaskProgress progress);

  /** A task made elsewhere or earlier fills a place in the provider's queue of this lane. */
  void holdSlot(String lane);

  /** The task no longer fills its place in the provider's queue. */
  void releaseSlot(String lane);

  static WaitEffects of(
      JobCommands commands, JobFinisher finisher, VideoKeeping keeping, ProviderQueue queue) {
    final class InTheEngine extends EngineJobEnds implements WaitEffects {
      InTheEngine(JobCommands commands, JobFinisher finisher) {
        super(commands, finisher);
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
    return new InTheEngine(commands, finisher);
  }
}
