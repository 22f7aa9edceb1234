package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.cost.BudgetCheck;
import dev.seedflow.seedance.cost.CostEstimate;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.FailurePolicy;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.model.WorkerVariables;
import dev.seedflow.seedance.request.RequestValidator;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes an activated generate or await job and hands it to the {@link TaskWatcher}; it never waits for a video
 * itself. A generate job submits its task at most once:
 * <ol>
 *   <li>before the create call, it stores a {@link SubmitIntent} on the element instance and waits for the engine
 *       to confirm it;
 *   <li>after the call, it stores the task id there before anything else.
 * </ol>
 * A job that comes back with the task id (a restarted worker, a passed timeout) resumes the same task. One that
 * comes back with the intent alone cannot know whether the provider took the call (the worker died, or the call's
 * outcome was unknown), so it raises an incident that says how to go on instead of paying again. The intent is
 * cleared only when the provider provably created nothing, so a retry then submits anew.
 */
final class VideoJobHandler implements JobHandler {
  private static final Logger LOG = LoggerFactory.getLogger(VideoJobHandler.class);
  /**
   * Time enough, after the create's answer, to note its task id while the job is still ours; it also covers a
   * difference between the engine's clock and this worker's.
   */
  static final Duration NOTING_MAY_TAKE = Duration.ofSeconds(30);

  private final JobKind kind;
  private final SeedanceClient seedance;
  private final JobCommands commands;
  private final TaskWatcher watcher;
  private final ProviderQueue queue;
  private final JobFinisher finisher;
  private final ConfinedSecrets secrets;
  private final ExecutorService io;
  private final WorkerSettings settings;
  private final SubmitWindow window;
  private final BooleanSupplier stopping;
  private final Clock clock;
  private final PriceTable prices;

  VideoJobHandler(JobKind kind, SeedanceClient seedance, JobCommands commands, TaskWatcher watcher, ProviderQueue queue, JobFinisher finisher,
      ConfinedSecrets secrets, ExecutorService io, WorkerSettings settings, SubmitWindow window, BooleanSupplier stopping, Clock clock,
      PriceTable prices) {
    this.kind = kind;
    this.seedance = seedance;
    this.commands = commands;
    this.watcher = watcher;
    this.queue = queue;
    this.finisher = finisher;
    this.secrets = secrets;
    this.io = io;
    this.settings = settings;
    this.window = window;
    this.stopping = stopping;
    this.clock = clock;
    this.prices = prices;
  }

  @Override
  public void handle(JobClient client, ActivatedJob activated) throws InterruptedException {
    if (stopping.getAsBoolean()) {
      return; // a stopping worker leaves the job to the engine: it comes back after its timeout
    }
    commands.admit();
    JobRef job = JobRef.of(kind, activated);
    try {
      start(job, activated);
    } catch (RejectedExecutionException stopped) {
      commands.abandon();
      LOG.debug("Worker stopping; job {} is left to come back after its timeout", job.jobKey());
    } catch (SeedanceException invalid) {
      finisher.fail(job, invalid, 0, Duration.ZERO);
    } catch (RuntimeException bug) {
      LOG.error("Job {} could not be started", job.jobKey(), bug);
      finisher.fail(job, SeedanceException.of(ErrorCode.INTERNAL, "the job could not be started (" + bug + ")").cause(bug).build(), 0, Duration.ZERO);
    }
  }

  private void start(JobRef job, ActivatedJob activated) {
    JobInputs inputs = JobInputs.read(activated.getVariables(), kind, secrets);
    Instant now = clock.instant();
    if (inputs.rememberedTaskId() != null) {
      LOG.info("Job {} came back; resuming task {} instead of submitting again", job.jobKey(), inputs.rememberedTaskId());
      Instant started = inputs.rememberedWaitStart() != null ? inputs.rememberedWaitStart() : now;
      watcher.watch(waiting(job, inputs, shownEstimate(inputs), inputs.rememberedTaskId(), started, now, job.timesOutAt()));
    } else if (kind == JobKind.AWAIT) {
      RequestValidator.validateTaskCall(inputs.provider(), inputs.taskId());
      Instant started = inputs.rememberedWaitStart() != null ? inputs.rememberedWaitStart() : now;
      if (inputs.rememberedWaitStart() == null) commands.note(job, Map.of(WorkerVariables.WAIT_STARTED, now.toString()));
      watcher.watch(waiting(job, inputs, null, inputs.taskId().trim(), started, now, job.timesOutAt()));
    } else if (inputs.rememberedIntent() != null) {
      finisher.fail(job, earlierAttempt(inputs.rememberedIntent()), 0, Duration.ZERO);
    } else {
      // Validated and estimated before anything else: an invalid or over-budget request costs no engine command either.
      CostEstimate estimate = seedance.estimate(inputs.provider(), inputs.video(), prices);
      BudgetCheck.check(estimate, inputs.video().model(), inputs.budget().maxTokens(), inputs.budget().maxCost());
      // Then it waits for room in the provider's queue, if need be, before anything is stored or sent.
      String lane = WaitingJob.laneOf(inputs.provider());
      queue.admit(lane, new ProviderQueue.Waiting(job, turn -> beginSubmit(job, inputs, estimate, lane, turn), now.plus(inputs.timeout())));
    }
  }

  /**
   * With a slot in the provider's queue: first the job must stay this worker's for as long as the submit may take
   * (handed to another worker meanwhile, it would find the intent and no task id, and raise an incident for a create
   * about to succeed). A job activated moments ago is, until its activation's timeout; otherwise its timeout is extended
   * first, and a job the engine no longer gives us is left alone. Then the intent, confirmed; only then the create call.
   */
  private void beginSubmit(JobRef job, JobInputs inputs, CostEstimate estimate, String lane, ProviderQueue.Waiting turn) {
    Instant now = clock.instant();
    SubmitIntent intent = SubmitIntent.now(now, inputs.video().model());
    Duration callMayTake = seedance.settings().submitCallTimeout();
    boolean extend = job.timesOutAt().isBefore(now.plus(callMayTake).plus(NOTING_MAY_TAKE));
    CompletableFuture<Boolean> ours = extend ? commands.extendTimeout(job, callMayTake.plus(settings.jobTimeout()))
        : CompletableFuture.completedFuture(true);
    ours.thenCompose(stillOurs -> stillOurs ? noteIntent(job, intent) : CompletableFuture.completedFuture(false))
        .thenAccept(ready -> {
          if (!ready) {
            queue.release(lane);
            commands.abandon(); // nothing was sent; the job comes back after its timeout
            return;
          }
          try {
            io.execute(() -> submit(job, inputs, estimate, lane, turn, extend));
          } catch (RejectedExecutionException stopping) {
            // The worker stops before the call went out: nothing was sent, so the intent is withdrawn.
            clearIntent(job);
            commands.abandon();
          }
        });
  }

  /** On an I/O thread: the one create call, then the task id noted before the wait begins. */
  private void submit(JobRef job, JobInputs inputs, CostEstimate estimate, String lane, ProviderQueue.Waiting turn, boolean extended) {
    TaskSnapshot task;
    try {
      task = seedance.create(inputs.provider(), inputs.video());
    } catch (SeedanceException e) {
      if (SeedanceClient.saysQueueFull(e)) {
        // No room at the provider: nothing was created, so the intent goes and the job waits its turn again.
        clearIntent(job).thenAccept(cleared -> {
          if (cleared) {
            queue.full(lane, turn);
          } else {
            queue.release(lane);
            finisher.fail(job, e, 0, Duration.ZERO);
          }
        });
        return;
      }
      queue.release(lane);
      if (!e.errorCode().provesNothingCreated()) {
        // The intent stays: a retry of this job must not pay a second time for what may exist already.
        finisher.fail(job, e, 0, Duration.ZERO);
        return;
      }
      // A retry submits anew, so it needs the intent cleared; should clearing fail, the returning job raises an incident instead.
      clearIntent(job).thenAccept(cleared ->
          finisher.fail(job, e, cleared ? FailurePolicy.retriesLeft(e, job.retries()) : 0, cleared ? FailurePolicy.backoff(e) : Duration.ZERO));
      return;
    } catch (RuntimeException bug) {
      // A bug of ours during the call: it may have reached the provider, so the intent stays and this is an unknown outcome.
      LOG.error("Job {}: the create call failed unexpectedly", job.jobKey(), bug);
      queue.release(lane);
      finisher.fail(job, SeedanceException.of(ErrorCode.SUBMIT_OUTCOME_UNKNOWN, "the create call failed unexpectedly (" + bug + ")").cause(bug).build(),
          0, Duration.ZERO);
      return;
    }
    Instant answered = clock.instant();
    LOG.info("Job {} submitted task {}", job.jobKey(), task.taskId());
    queue.taken(lane);
    // Back to the usual: should this worker die now, the job returns soon.
    Instant timesOutAt = extended ? answered.plus(settings.jobTimeout()) : job.timesOutAt();
    if (extended) commands.extendTimeout(job, settings.jobTimeout());
    // Before anything else: the task id goes onto the element instance, so a crash from here on resumes this task. The
    // first progress rides along, so Operate shows the task at once, at no extra engine command.
    TaskProgress progress = new TaskProgress(task.taskId(), task.status(), task.progress(), false, answered);
    commands.note(job, Map.of(WorkerVariables.TASK_ID, task.taskId(), WorkerVariables.WAIT_STARTED, answered.toString(),
        WorkerVariables.PROGRESS, progress.asVariable())).thenRun(() -> {
      window.answerToTaskId().record(Duration.between(answered, clock.instant()));
      try {
        WaitingJob waiting = waiting(job, inputs, estimate, task.taskId(), answered, clock.instant(), timesOutAt);
        waiting.publishedProgress = progress;
        waiting.holdsSlot = true; // the slot it was admitted with
        watcher.watch(waiting);
      } catch (RejectedExecutionException stopped) {
        LOG.info("Worker stopping; job {} will resume task {} after its timeout", job.jobKey(), task.taskId());
      }
    });
  }

  private CompletableFuture<Boolean> clearIntent(JobRef job) {
    return commands.note(job, Collections.singletonMap(WorkerVariables.SUBMIT_INTENT, null));
  }

  /** Stores the intent on the element instance; done when the engine confirmed it, which the submit window times. */
  private CompletableFuture<Boolean> noteIntent(JobRef job, SubmitIntent intent) {
    Instant sent = clock.instant();
    return commands.note(job, Map.of(WorkerVariables.SUBMIT_INTENT, intent.asVariable())).thenApply(confirmed -> {
      if (confirmed) window.intent().record(Duration.between(sent, clock.instant()));
      return confirmed;
    });
  }

  /**
   * The incident of a job that comes back with an intent to submit and no task id: when the earlier attempt was made,
   * with which model, and the two ways on.
   */
  static SeedanceException earlierAttempt(SubmitIntent intent) {
    return SeedanceException.of(ErrorCode.SUBMIT_OUTCOME_UNKNOWN, "an earlier attempt to create this video (attempt " + intent.attemptId()
            + ", at " + intent.at() + ", model " + intent.model() + ") may have reached the provider, and no task id was stored for it, "
            + "so it is not submitted again. If the provider has the task, set the local variable " + WorkerVariables.TASK_ID
            + " of this task to its id and retry the incident to wait for it; if it has none, set the local variable "
            + WorkerVariables.SUBMIT_INTENT + " to null and retry the incident to submit anew")
        .build();
  }

  /** A job to watch; its timeout is first extended halfway through what is left of it. */
  private WaitingJob waiting(JobRef job, JobInputs inputs, CostEstimate estimate, String taskId, Instant waitStartedAt, Instant now,
      Instant timesOutAt) {
    Instant firstExtension = timesOutAt.minus(settings.jobTimeout().dividedBy(2));
    return new WaitingJob(job, inputs.provider(), taskId, waitStartedAt, inputs.timeout(), inputs.pollInterval(), inputs.keep(), estimate,
        now, firstExtension.isAfter(now) ? firstExtension : now);
  }

  /** The estimate of a job that already submitted, for its result: shown, never a reason to stop now. */
  private CostEstimate shownEstimate(JobInputs inputs) {
    if (inputs.video() == null) return null;
    try {
      return seedance.estimate(inputs.provider(), inputs.video(), prices);
    } catch (SeedanceException changedSince) {
      return null;
    }
  }
}
