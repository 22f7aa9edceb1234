package dev.seedflow.seedance.worker.waiting;

import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.worker.engine.JobEnds;
import dev.seedflow.seedance.worker.engine.JobRef;
import dev.seedflow.seedance.worker.keeping.VideoToKeep;
import java.time.Duration;

/**
 * All a wait does outside itself: to its job in the engine, to the provider's queue, and to
 * keeping. The wiring carries it out in the engine, the queue and keeping; a test records what the
 * wait decided.
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
}
