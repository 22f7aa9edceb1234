package dev.seedflow.seedance.worker.keeping;

import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.result.VideoResult;
import dev.seedflow.seedance.store.KeptMedia;
import dev.seedflow.seedance.store.ProcessRef;
import dev.seedflow.seedance.store.VideoKeeper;
import dev.seedflow.seedance.worker.engine.JobCommands;
import dev.seedflow.seedance.worker.engine.JobFinisher;
import dev.seedflow.seedance.worker.shared.JobStep;
import dev.seedflow.seedance.worker.shared.WorkerMeters;
import io.camunda.connector.api.document.DocumentFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a job whose video is ready: keep it (and its last frame) as Camunda documents
 * when the step asks for it, then complete. Downloads run on threads of their own, never the
 * scheduler's or the status reads', and the job is kept ours by extending its timeout every half
 * job timeout while the download runs, never by one long extension: a worker that dies mid-download
 * then lets go of the job within one job timeout. That costs nothing: the task id is on the element
 * instance, so the job that comes back reads the finished task and downloads again.
 */
public final class VideoKeeping {
  private static final Logger LOG = LoggerFactory.getLogger(VideoKeeping.class);

  private final VideoKeeper keeper;
  private final DocumentFactory documents;
  private final JobCommands commands;
  private final JobFinisher finisher;
  private final ExecutorService downloads;
  private final ScheduledExecutorService scheduler;
  private final Duration jobTimeout;
  private final BooleanSupplier stopping;
  private final PriceTable prices;
  private final WorkerMeters meters;
  private final Clock clock;

  /**
   * @param stopping true once the worker stops: a download cut short then is handed back to the
   *     engine for the next worker, never failed
   */
  public VideoKeeping(
      VideoKeeper keeper,
      DocumentFactory documents,
      JobCommands commands,
      JobFinisher finisher,
      ExecutorService downloads,
      ScheduledExecutorService scheduler,
      Duration jobTimeout,
      BooleanSupplier stopping,
      PriceTable prices,
      WorkerMeters meters,
      Clock clock) {
    this.keeper = keeper;
    this.documents = documents;
    this.commands = commands;
    this.finisher = finisher;
    this.downloads = downloads;
    this.scheduler = scheduler;
    this.jobTimeout = jobTimeout;
    this.stopping = stopping;
    this.prices = prices;
    this.meters = meters;
    this.clock = clock;
  }

  /**
   * Completes the job with the finished task, after keeping what {@link VideoToKeep#keep} asks for.
   */
  public void finish(VideoToKeep job, TaskSnapshot task) {
    if (!job.keep().keepsAnythingOf(task)) {
      finisher.succeed(job.job(), VideoResult.of(task, KeptMedia.NONE, job.estimate(), prices));
      return;
    }
    if (stopping.getAsBoolean()) {
      commands.handBack(
          job.job()); // no download starts on the way out; the next worker keeps the video
      return;
    }
    // Kept ours while it downloads, on the watcher's rhythm: the first extension falls when the
    // watcher's next would
    // have (the job has at least half a job timeout left until then), so a short download costs no
    // engine command.
    long every = Math.max(1, jobTimeout.toMillis() / 2);
    long first = Math.max(0, Duration.between(clock.instant(), job.extendTimeoutAt()).toMillis());
    ScheduledFuture<?> keepOurs =
        scheduler.scheduleAtFixedRate(
            () -> commands.extendTimeout(job.job(), jobTimeout),
            first,
            every,
            TimeUnit.MILLISECONDS);
    try {
      downloads.execute(() -> keep(job, task, keepOurs));
    } catch (RejectedExecutionException stopped) {
      keepOurs.cancel(false);
      commands.handBack(job.job());
    }
  }

  /**
   * On a download thread: keeps the video, then completes the job. Whatever the download throws
   * ends the job one way or another: OkHttp throws a checked {@link InterruptedException} from
   * Kotlin when a stop interrupts it.
   */
  private void keep(VideoToKeep job, TaskSnapshot task, ScheduledFuture<?> keepOurs) {
    if (stopping.getAsBoolean()) {
      keepOurs.cancel(false);
      commands.handBack(job.job()); // never started before the worker began to stop
      return;
    }
    KeptMedia kept;
    try {
      finisher.entering(JobStep.KEEPING_THE_VIDEO);
      kept =
          keeper.keep(
              task,
              job.keep(),
              job.provider(),
              documents,
              new ProcessRef(job.job().processInstanceKey(), job.job().bpmnProcessId()));
    } catch (Throwable e) {
      keepOurs.cancel(false);
      if (stopping.getAsBoolean()) {
        LOG.info(
            "Stopped while keeping the video of task {}; the job is handed back to the next worker,"
                + " which downloads it again",
            task.taskId());
        commands.handBack(job.job());
        return;
      }
      if (e instanceof SeedanceException failure) {
        finisher.fail(job.job(), failure, 0, Duration.ZERO);
        return;
      }
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      finisher.failUnexpectedly(job.job(), JobStep.KEEPING_THE_VIDEO, e, task.taskId());
      return;
    }
    keepOurs.cancel(false);
    meters.kept(kept);
    finisher.succeed(job.job(), VideoResult.of(task, kept, job.estimate(), prices));
  }
}
