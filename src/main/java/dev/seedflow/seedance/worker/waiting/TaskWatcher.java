package dev.seedflow.seedance.worker.waiting;

import dev.seedflow.seedance.client.TaskOutcome;
import dev.seedflow.seedance.client.TaskReads;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.FailurePolicy;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.worker.callbacks.CallbackHints;
import dev.seedflow.seedance.worker.shared.JobStep;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for many tasks with a fixed number of threads. All waiting state lives on one scheduler
 * thread; HTTP calls run on the worker's small I/O pool and hand their answer back to the
 * scheduler. Tasks are grouped in lanes (one per provider and key) that share a rate budget, and
 * where the API reads many tasks at once (Ark), due reads of a lane go out together.
 */
public final class TaskWatcher implements CallbackHints.Watcher {
  private static final Logger LOG = LoggerFactory.getLogger(TaskWatcher.class);

  /** A read due this soon joins a batch read that goes out now. */
  private static final Duration BATCH_WINDOW = Duration.ofSeconds(2);

  private final TaskReader reader;
  private final WaitEffects effects;
  private final WorkerSettings settings;
  private final PollPlanner planner;
  private final ScheduledExecutorService scheduler;
  private final Executor io;
  private final Clock clock;
  private final BooleanSupplier stopping;
  private final Map<String, Lane> lanes = new HashMap<>();

  /**
   * Jobs whose tasks call back, by element instance (what a callback URL's token names). Only those
   * are kept here.
   */
  private final Map<Long, WaitingJob> calledBack = new HashMap<>();

  private ScheduledFuture<?> wakeUp;
  private Instant wakeUpAt = Instant.MAX;

  private static final class Lane {
    final PriorityQueue<WaitingJob> jobs =
        new PriorityQueue<>(Comparator.comparing(WaitingJob::wakeAt));
    final RateBudget budget;

    Lane(RateBudget budget) {
      this.budget = budget;
    }
  }

  public TaskWatcher(
      TaskReader reader,
      WaitEffects effects,
      WorkerSettings settings,
      ScheduledExecutorService scheduler,
      Executor io,
      BooleanSupplier stopping,
      Clock clock) {
    this.reader = reader;
    this.effects = effects;
    this.settings = settings;
    this.planner = PollPlanner.of(settings);
    this.scheduler = scheduler;
    this.io = io;
    this.stopping = stopping;
    this.clock = clock;
  }

  public void watch(WaitingJob job) {
    scheduler.execute(
        () ->
            guarded(
                job,
                JobStep.STARTING_THE_WAIT,
                () -> {
                  if (!job.holdsSlot) {
                    effects.holdSlot(
                        job.lane()); // a task made elsewhere or earlier fills the provider's queue
                    // as well
                    job.holdsSlot = true;
                  }
                  if (job.callbackExpected) calledBack.put(job.job.elementInstanceKey(), job);
                  job.planReadIn(
                      job.callbackExpected
                          ? planner.firstExpectingCallback(job.pollInterval)
                          : planner.first(job.pollInterval),
                      clock.instant());
                  requeue(lane(job), job);
                }));
  }

  /**
   * A provider's callback says this task changed: read it now, as any read, and trust only what
   * that read says. Completes with whether this worker waits on the task for that element instance;
   * a callback for any other task is another replica's, or made up, and costs nothing here. A hint
   * is never dropped: a job read in the last second is read {@code callbacks.hint-spacing} (a
   * second) after that read (so repeats of a callback cost no more reads than one), and a job whose
   * read is in flight is read that long after it, unless that read finds the end.
   */
  @Override
  public CompletableFuture<Boolean> hint(String taskId, long elementInstanceKey) {
    return onScheduler(
        () -> {
          WaitingJob job = calledBack.get(elementInstanceKey);
          boolean ours = job != null && job.taskId.equals(taskId);
          if (ours) bringForward(job);
          return ours;
        },
        false);
  }

  @Override
  public CompletableFuture<Optional<CallbackHints.Waited>> waitedOn(long elementInstanceKey) {
    return onScheduler(
        () ->
            Optional.ofNullable(calledBack.get(elementInstanceKey))
                .map(job -> new CallbackHints.Waited(job.provider, job.taskId)),
        Optional.empty());
  }

  /**
   * A delivery whose signature was verified, which is the provider's own word about the task: taken
   * as the answer of a read, so the wait ends without one. A job whose read is in flight is left to
   * that read, and read again one hint spacing after it, since that read may predate the end.
   */
  @Override
  public void deliver(long elementInstanceKey, TaskSnapshot task) {
    onScheduler(
        () -> {
          WaitingJob job = calledBack.get(elementInstanceKey);
          if (job == null || !job.taskId.equals(task.taskId())) return false;
          Lane lane = lanes.get(job.lane());
          if (lane == null || !lane.jobs.remove(job)) {
            job.hintedDuringRead = true;
            return false;
          }
          guarded(job, JobStep.HANDLING_THE_TASKS_ANSWER, () -> answered(lane, job, task));
          rearm();
          return true;
        },
        false);
  }

  /**
   * The job's next read at once, or one hint spacing after its last; a job whose read is in flight
   * is read that long after it.
   */
  private void bringForward(WaitingJob job) {
    Lane lane = lanes.get(job.lane());
    if (lane == null) return;
    Instant now = clock.instant();
    Duration spacing = settings.callbacks().hintSpacing();
    Instant soonest =
        job.lastReadAt != null && now.isBefore(job.lastReadAt.plus(spacing))
            ? job.lastReadAt.plus(spacing)
            : now;
    if (!lane.jobs.remove(job)) {
      job.hintedDuringRead = true; // out of its lane: its read is in flight
    } else {
      if (job.nextReadAt.isAfter(soonest)) job.nextReadAt = soonest;
      lane.jobs.add(job);
      rearm();
    }
  }

  /**
   * Runs {@code look} on the scheduler thread, where all waiting state lives; once the worker
   * stops, {@code stopped} at once.
   */
  private <T> CompletableFuture<T> onScheduler(Supplier<T> look, T stopped) {
    CompletableFuture<T> held = new CompletableFuture<>();
    try {
      scheduler.execute(
          () -> {
            try {
              held.complete(look.get());
            } catch (RuntimeException bug) {
              held.completeExceptionally(bug);
            }
          });
    } catch (RejectedExecutionException stopping) {
      held.complete(stopped); // stopping: its jobs are handed back, and the next worker reads them
    }
    return held;
  }

  /**
   * Runs one step of a job's wait on the scheduler thread. Whatever it throws (a fault of ours, a
   * provider's value nothing foresaw) ends that job with an incident and frees its slot and permit;
   * no job is left without an outcome, and no other job's wait is disturbed.
   */
  private void guarded(WaitingJob job, JobStep step, Runnable work) {
    try {
      effects.entering(step);
      work.run();
    } catch (RuntimeException bug) {
      failed(job, step, bug);
    }
  }

  /**
   * The catch-all's end of a job, on the scheduler thread: out of its lane, its slot and permit
   * freed, an incident raised.
   */
  private void failed(WaitingJob job, JobStep step, RuntimeException bug) {
    leave(job);
    effects.failUnexpectedly(job.job, step, bug, job.taskId);
  }

  /**
   * Back in line for its next read; once the worker stops, back to the engine instead, for another
   * worker to resume.
   */
  private void requeue(Lane lane, WaitingJob job) {
    if (stopping.getAsBoolean()) {
      leave(job);
      effects.handBack(job.job);
      return;
    }
    lane.jobs.add(job);
    rearm();
  }

  /**
   * Every waiting job goes back to the engine now; reads in flight hand theirs back when they
   * return. On the scheduler thread.
   */
  public void handBackAll() {
    for (Lane lane : lanes.values()) {
      for (WaitingJob job : lane.jobs) {
        leave(job);
        effects.handBack(job.job);
      }
      lane.jobs.clear();
    }
  }

  /** How many jobs wait right now (for tests and metrics). On the scheduler thread. */
  public int waiting() {
    return lanes.values().stream().mapToInt(l -> l.jobs.size()).sum();
  }

  private Lane lane(WaitingJob job) {
    return lanes.computeIfAbsent(
        job.lane(), key -> new Lane(new RateBudget(settings.requestsPerMinute(), clock.instant())));
  }

  private void rearm() {
    Instant earliest = Instant.MAX;
    for (Lane lane : lanes.values()) {
      WaitingJob head = lane.jobs.peek();
      if (head != null && head.wakeAt().isBefore(earliest)) earliest = head.wakeAt();
    }
    if (earliest.equals(Instant.MAX)
        || (wakeUp != null && !wakeUp.isDone() && !earliest.isBefore(wakeUpAt))) {
      return;
    }
    if (wakeUp != null) wakeUp.cancel(false);
    wakeUpAt = earliest;
    long delay = Math.max(0, Duration.between(clock.instant(), earliest).toMillis());
    wakeUp = scheduler.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    Instant now = clock.instant();
    wakeUpAt = Instant.MAX;
    for (Lane lane : lanes.values()) {
      List<WaitingJob> reads = new ArrayList<>();
      int perRead = 1;
      while (!lane.jobs.isEmpty() && !lane.jobs.peek().wakeAt().isAfter(now)) {
        WaitingJob job = lane.jobs.poll();
        if (!now.isBefore(job.extendTimeoutAt)) {
          extendTimeout(job, now);
        }
        if (!now.isBefore(job.nextReadAt)) {
          reads.add(job);
          perRead = reader.tasksPerRead(job.provider);
        } else {
          lane.jobs.add(job);
        }
      }
      if (perRead > 1) {
        // Others of this lane due very soon ride along: one request reads them all. One pass,
        // whatever the lane's size.
        Instant soon = now.plus(BATCH_WINDOW);
        lane.jobs.removeIf(job -> job.nextReadAt.isBefore(soon) && reads.add(job));
      }
      if (!reads.isEmpty()) {
        try {
          effects.entering(JobStep.PLANNING_THE_READ);
          read(lane, reads, perRead, now);
        } catch (RuntimeException bug) {
          reads.forEach(job -> failed(job, JobStep.PLANNING_THE_READ, bug));
        }
      }
    }
    rearm();
  }

  /** The reads due, in requests of as many tasks as one read takes at this provider. */
  private void read(Lane lane, List<WaitingJob> jobs, int perRead, Instant now) {
    List<List<WaitingJob>> requests = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i += perRead)
      requests.add(jobs.subList(i, Math.min(jobs.size(), i + perRead)));
    for (List<WaitingJob> request : requests) {
      Duration wait = lane.budget.take(now);
      if (!wait.isZero()) {
        for (WaitingJob job : request) {
          job.nextReadAt = now.plus(wait);
          lane.jobs.add(job);
        }
        continue;
      }
      io.execute(
          () -> {
            if (stopping.getAsBoolean()) {
              scheduler.execute(
                  () ->
                      request.forEach(
                          job -> requeue(lane, job))); // not read on the way out: handed back
              return;
            }
            TaskReads answers;
            try {
              effects.entering(JobStep.READING_THE_TASK);
              answers =
                  reader.read(
                      request.getFirst().provider, request.stream().map(j -> j.taskId).toList());
            } catch (SeedanceException e) {
              scheduler.execute(
                  () -> {
                    // One refused request halves the rate once, however many tasks it read.
                    if (e.errorCode() == ErrorCode.RATE_LIMITED)
                      lane.budget.refused(now, clock.instant());
                    request.forEach(
                        job ->
                            guarded(
                                job,
                                JobStep.HANDLING_A_FAILED_READ,
                                () -> readFailed(lane, job, e)));
                  });
              return;
            } catch (RuntimeException bug) {
              scheduler.execute(
                  () -> request.forEach(job -> failed(job, JobStep.READING_THE_TASK, bug)));
              return;
            }
            scheduler.execute(
                () -> {
                  for (WaitingJob job : request) {
                    guarded(
                        job,
                        JobStep.HANDLING_THE_TASKS_ANSWER,
                        () -> sortAnswer(lane, job, answers));
                  }
                });
          });
    }
  }

  /** One job's part of a read's answer: its task, a refusal of it, or nothing. */
  private void sortAnswer(Lane lane, WaitingJob job, TaskReads answers) {
    TaskSnapshot answer = answers.found().get(job.taskId);
    SeedanceException refused = answers.refused().get(job.taskId);
    if (refused != null) {
      leave(job);
      effects.fail(job.job, refused); // the same answer on every read: no use reading again
    } else if (answer == null) {
      readFailed(
          lane,
          job,
          SeedanceException.of(
                  ErrorCode.NOT_FOUND, "the provider's task list does not hold this task")
              .taskId(job.taskId)
              .build());
    } else {
      answered(lane, job, answer);
    }
  }

  private void answered(Lane lane, WaitingJob job, TaskSnapshot task) {
    Instant now = clock.instant();
    job.failedReadsInARow = 0;
    job.rateLimitedInARow = 0;
    job.lastStatus = task.status();
    job.lastProgress = task.progress();
    job.lastReadAt = now;
    if (task.status() == TaskStatus.QUEUED) {
      job.lastQueuedAtMillis = now.toEpochMilli();
    }
    Duration age = job.age(task, now);
    if (job.runningSinceMillis == 0 && task.status() == TaskStatus.RUNNING) {
      long notYet =
          job.lastQueuedAtMillis != 0 ? job.lastQueuedAtMillis : now.minus(age).toEpochMilli();
      job.runningSinceMillis = notYet + (now.toEpochMilli() - notYet) / 2;
    }
    if (job.firstRunningProgress == null
        && task.status() == TaskStatus.RUNNING
        && task.progress() != null
        && task.progress() > 0) {
      job.firstRunningProgress = task.progress();
      job.firstRunningAt = now;
    }
    if (task.status() == TaskStatus.SUCCEEDED && task.videoUrl() != null) {
      leave(job);
      effects.videoReady(job.toKeep(), task);
      return;
    }
    if (task.status() == TaskStatus.SUCCEEDED && !job.rereadForVideo) {
      // A success with no video URL may be an answer caught half written: read once more before
      // calling it one.
      job.rereadForVideo = true;
      job.planReadIn(settings.callbacks().hintSpacing(), now);
      requeue(lane, job);
      return;
    }
    var failure = TaskOutcome.failureOf(task);
    if (failure.isPresent()) {
      leave(job);
      effects.fail(job.job, failure.get());
      return;
    }
    if (!now.isBefore(job.deadline)) {
      timedOut(job);
      return;
    }
    publishProgress(job, task, age, now);
    Duration runningFor =
        job.runningSinceMillis == 0
            ? null
            : Duration.ofMillis(now.toEpochMilli() - job.runningSinceMillis);
    Duration next =
        planner.next(
            job.pollInterval,
            task,
            age,
            runningFor,
            job.firstRunningProgress,
            job.firstRunningAt == null ? Duration.ZERO : Duration.between(job.firstRunningAt, now));
    int stretch = settings.callbacks().pollStretch();
    job.planReadIn(
        !job.callbackExpected
            ? next
            : task.status() == TaskStatus.QUEUED || job.callbackOnlyAtTheEnd
                ? planner.quietExpectingCallback(stretch)
                : planner.expectingCallback(next, stretch),
        now);
    Duration spacing = settings.callbacks().hintSpacing();
    if (job.hintedDuringRead && job.nextReadAt.isAfter(now.plus(spacing)))
      job.nextReadAt = now.plus(spacing);
    job.hintedDuringRead = false;
    requeue(lane, job);
  }

  private void readFailed(Lane lane, WaitingJob job, SeedanceException e) {
    Instant now = clock.instant();
    job.failedReadsInARow++;
    if (e.errorCode() == ErrorCode.RATE_LIMITED) job.rateLimitedInARow++;
    job.lastReadError = e.code();
    int taskFailures =
        job.failedReadsInARow
            - job.rateLimitedInARow; // a 429 is the key's, its budget slows for it
    if (!FailurePolicy.readsAgain(e.errorCode(), taskFailures)) {
      leave(job);
      effects.fail(job.job, e);
      return;
    }
    if (!now.isBefore(job.deadline)) {
      timedOut(job);
      return;
    }
    e.retryAfter().ifPresent(wait -> lane.budget.closeUntil(now.plus(wait)));
    Duration wait = FailurePolicy.readBackoff(e, job.pollInterval, taskFailures);
    LOG.info(
        "Reading task {} failed ({}), trying again in {} s",
        job.taskId,
        e.code(),
        wait.toSeconds());
    job.planReadIn(wait, now);
    requeue(lane, job);
  }

  /**
   * The job stops being watched here: the slot its task held in the provider's queue is free for
   * the next.
   */
  private void leave(WaitingJob job) {
    if (job.callbackExpected) calledBack.remove(job.job.elementInstanceKey(), job);
    if (job.holdsSlot) {
      job.holdsSlot = false;
      effects.releaseSlot(job.lane());
    }
  }

  /**
   * Ends a wait whose deadline passed, after the read at the deadline; the incident quotes what the
   * last answered read said.
   */
  /**
   * The wait's end at its deadline, saying truthfully what was last known: the last answer that
   * could be read, and the failed reads after it, if any. Only where the last read was answered is
   * the task known to be still running.
   */
  private void timedOut(WaitingJob job) {
    leave(job);
    String lastAnswer =
        job.lastStatus == null
            ? "no read of the task was answered readably"
            : "the last readable answer, at "
                + job.lastReadAt
                + ", said "
                + job.lastStatus.wireName()
                + (job.lastProgress == null ? "" : " at " + job.lastProgress + " %");
    SeedanceException.Builder failure =
        SeedanceException.of(
                ErrorCode.WAIT_TIMEOUT,
                "the video was not ready within wait.timeout ("
                    + Duration.between(job.waitStartedAt, job.deadline)
                    + "): "
                    + lastAnswer
                    + (job.failedReadsInARow == 0
                        ? ""
                        : (job.lastStatus == null ? "; " : "; after it, ")
                            + job.failedReadsInARow
                            + " reads in a row failed (the last with "
                            + job.lastReadError
                            + ")"))
            .taskId(job.taskId);
    if (job.failedReadsInARow > 0) {
      failure.advice(
          "What the task did since "
              + (job.lastStatus == null ? "it was created" : "that answer")
              + " is not known: it may have finished, failed or still be running. Look it up at the"
              + " provider with its task id, or wait for it again with its task id once the"
              + " provider answers readably; never make the video again before you know.");
    }
    effects.fail(job.job, failure.build());
  }

  /**
   * Keeps the job ours for as long as the task runs, well before the engine would hand it to
   * another worker.
   */
  private void extendTimeout(WaitingJob job, Instant now) {
    job.extendTimeoutAt = now.plus(settings.jobTimeout().dividedBy(2));
    effects.extendTimeout(job.job, settings.jobTimeout());
  }

  /**
   * Operate shows how far the video is, as a local variable of the task, published when it changed,
   * at most every progress interval (each publication is three engine records). Where the provider
   * reports no progress (Ark), an estimate from the task's age stands in, marked {@code estimated}.
   */
  private void publishProgress(WaitingJob job, TaskSnapshot task, Duration age, Instant now) {
    Integer estimate = planner.estimatedProgress(task, age);
    TaskProgress progress =
        new TaskProgress(
            job.taskId,
            task.status(),
            estimate != null ? estimate : task.progress(),
            estimate != null,
            now);
    TaskProgress published = job.publishedProgress;
    if (!progress.differsFrom(published)
        || (published != null
            && now.isBefore(published.checkedAt().plus(settings.progressInterval())))) {
      return;
    }
    job.publishedProgress = progress;
    effects.progress(job.job, progress);
  }
}
