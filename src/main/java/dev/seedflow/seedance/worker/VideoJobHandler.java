package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.FingerprintedRequest;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.cost.BudgetCheck;
import dev.seedflow.seedance.cost.CostEstimate;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.error.FailurePolicy;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.model.WorkerVariables;
import dev.seedflow.seedance.request.RequestValidator;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.worker.callbacks.CallbackUrls;
import dev.seedflow.seedance.worker.engine.JobCommands;
import dev.seedflow.seedance.worker.engine.JobFinisher;
import dev.seedflow.seedance.worker.engine.JobRef;
import dev.seedflow.seedance.worker.inputs.ConfinedSecrets;
import dev.seedflow.seedance.worker.inputs.JobInputs;
import dev.seedflow.seedance.worker.shared.JobKind;
import dev.seedflow.seedance.worker.shared.JobStep;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import dev.seedflow.seedance.worker.submit.LostCreates;
import dev.seedflow.seedance.worker.submit.ProviderQueue;
import dev.seedflow.seedance.worker.submit.SubmitIntent;
import dev.seedflow.seedance.worker.submit.SubmitWindow;
import dev.seedflow.seedance.worker.waiting.TaskProgress;
import dev.seedflow.seedance.worker.waiting.TaskWatcher;
import dev.seedflow.seedance.worker.waiting.WaitingJob;
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
 * Takes an activated generate or await job and hands it to the {@link TaskWatcher}; it never waits
 * for a video itself. A generate job submits its task at most once:
 *
 * <ol>
 *   <li>before the create call, it stores a {@link SubmitIntent} on the element instance, with the
 *       create's fingerprint, and waits for the engine to confirm it;
 *   <li>after the call, it stores the task id there before anything else.
 * </ol>
 *
 * A job that comes back with the task id (a restarted worker, a passed timeout) resumes the same
 * task. One that comes back with the intent alone, or whose create's outcome is unknown, cannot
 * know whether the provider took the call: {@link LostCreates} settles it from the provider's list
 * (resume the task found, or submit anew when there is none), or raises an incident that says how
 * to go on instead of paying again. The intent is cleared only when the provider provably created
 * nothing, so a retry then submits anew.
 */
final class VideoJobHandler implements JobHandler {
  private static final Logger LOG = LoggerFactory.getLogger(VideoJobHandler.class);

  /**
   * Time enough, after the create's answer, to note its task id while the job is still ours; it
   * also covers a difference between the engine's clock and this worker's.
   */
  static final Duration NOTING_MAY_TAKE = Duration.ofSeconds(30);

  private final JobKind kind;
  private final SeedanceClient seedance;
  private final JobCommands commands;
  private final TaskWatcher watcher;
  private final ProviderQueue queue;
  private final JobFinisher finisher;
  private final LostCreates lostCreates;
  private final ConfinedSecrets secrets;
  private final ExecutorService createThreads;
  private final WorkerSettings settings;
  private final SubmitWindow window;
  private final BooleanSupplier stopping;
  private final Clock clock;
  private final PriceTable prices;
  private final CallbackUrls callbackUrls;

  VideoJobHandler(
      JobKind kind,
      SeedanceClient seedance,
      JobCommands commands,
      TaskWatcher watcher,
      ProviderQueue queue,
      JobFinisher finisher,
      LostCreates lostCreates,
      ConfinedSecrets secrets,
      ExecutorService createThreads,
      WorkerSettings settings,
      SubmitWindow window,
      BooleanSupplier stopping,
      Clock clock,
      PriceTable prices,
      CallbackUrls callbackUrls) {
    this.kind = kind;
    this.seedance = seedance;
    this.commands = commands;
    this.watcher = watcher;
    this.queue = queue;
    this.finisher = finisher;
    this.lostCreates = lostCreates;
    this.secrets = secrets;
    this.createThreads = createThreads;
    this.settings = settings;
    this.window = window;
    this.stopping = stopping;
    this.clock = clock;
    this.prices = prices;
    this.callbackUrls = callbackUrls;
  }

  @Override
  public void handle(JobClient client, ActivatedJob activated) throws InterruptedException {
    if (stopping.getAsBoolean()) {
      // Activated as the worker stops: straight back to the engine, for another worker now rather
      // than after its timeout.
      commands.handBackUnadmitted(JobRef.of(kind, activated));
      return;
    }
    commands.admit();
    JobRef job = JobRef.of(kind, activated);
    try {
      start(job, activated);
    } catch (RejectedExecutionException stopped) {
      commands.handBack(job);
      LOG.debug("Worker stopping; job {} is handed back", job.jobKey());
    } catch (SeedanceException invalid) {
      finisher.fail(job, invalid, 0, Duration.ZERO);
    } catch (RuntimeException bug) {
      finisher.failUnexpectedly(job, JobStep.STARTING_THE_JOB, bug, null);
    }
  }

  private void start(JobRef job, ActivatedJob activated) {
    finisher.entering(JobStep.STARTING_THE_JOB);
    JobInputs inputs =
        JobInputs.read(activated.getVariables(), kind, secrets, activated::getElementInstanceKey);
    Instant now = clock.instant();
    if (inputs.rememberedTaskId() != null) {
      LOG.info(
          "Job {} came back; resuming task {} instead of submitting again",
          job.jobKey(),
          inputs.rememberedTaskId());
      Instant started = inputs.rememberedWaitStart() != null ? inputs.rememberedWaitStart() : now;
      watcher.watch(
          waiting(
              job,
              inputs,
              shownEstimate(inputs),
              inputs.rememberedTaskId(),
              started,
              now,
              job.timesOutAt()));
    } else if (kind == JobKind.AWAIT) {
      RequestValidator.validateTaskCall(inputs.provider(), inputs.taskId());
      Instant started = inputs.rememberedWaitStart() != null ? inputs.rememberedWaitStart() : now;
      if (inputs.rememberedWaitStart() == null)
        commands.note(job, Map.of(WorkerVariables.WAIT_STARTED, now.toString()));
      watcher.watch(
          waiting(job, inputs, null, inputs.taskId().trim(), started, now, job.timesOutAt()));
    } else if (inputs.rememberedIntent() != null) {
      settleLostCreate(
          job,
          inputs,
          inputs.rememberedIntent(),
          "the job came back without one",
          job.timesOutAt());
    } else {
      submitNew(job, inputs, job.timesOutAt(), 1);
    }
  }

  /**
   * Validated and estimated before anything else (an invalid or over-budget request costs no engine
   * command either), then in line for room.
   */
  private void submitNew(JobRef job, JobInputs inputs, Instant ownedUntil, int creates) {
    ValidRequest valid =
        seedance.validate(
            inputs.provider(),
            callbackUrls.addTo(
                job.elementInstanceKey(),
                inputs.provider(),
                seedance.withWaitAsDeadline(inputs.provider(), inputs.video(), inputs.timeout())));
    CostEstimate estimate = CostEstimate.of(valid, prices);
    BudgetCheck.check(
        estimate, inputs.video().model(), inputs.budget().maxTokens(), inputs.budget().maxCost());
    // Then it waits for room in the provider's queue, if need be, before anything is stored or
    // sent.
    String lane = inputs.provider().account();
    queue.admit(
        lane,
        new ProviderQueue.Waiting(
            job,
            turn ->
                beginSubmit(job, inputs, valid, estimate, lane, turn, turn.heldUntil(), creates),
            clock.instant().plus(inputs.timeout()),
            ownedUntil));
  }

  /**
   * A create whose outcome is unknown, settled from the provider's list where it can be; an
   * incident where not.
   */
  private void settleLostCreate(
      JobRef job, JobInputs inputs, SubmitIntent intent, String why, Instant ownedUntil) {
    lostCreates.settle(
        job,
        inputs.provider(),
        intent,
        why,
        ownedUntil,
        (task, stillOurs) -> resume(job, inputs, task, stillOurs),
        stillOurs -> {
          try {
            submitNew(job, inputs, stillOurs, intent.creates() + 1);
          } catch (SeedanceException changedSince) {
            finisher.fail(job, changedSince, 0, Duration.ZERO);
          }
        });
  }

  /** The task a lost create made: its id noted first, as after any create, then waited for. */
  private void resume(JobRef job, JobInputs inputs, TaskSnapshot task, Instant ownedUntil) {
    Instant now = clock.instant();
    commands
        .note(
            job,
            Map.of(
                WorkerVariables.TASK_ID,
                task.taskId(),
                WorkerVariables.WAIT_STARTED,
                now.toString()))
        .thenAccept(
            noted -> {
              if (!noted) {
                commands
                    .abandon(); // the intent stays: whoever has the job next settles it the same
                // way
                return;
              }
              try {
                finisher.entering(JobStep.RESUMING_THE_TASK_FOUND);
                watcher.watch(
                    waiting(
                        job,
                        inputs,
                        shownEstimate(inputs),
                        task.taskId(),
                        now,
                        clock.instant(),
                        ownedUntil));
              } catch (RuntimeException bug) {
                finisher.failUnexpectedly(job, JobStep.RESUMING_THE_TASK_FOUND, bug, task.taskId());
              }
            });
  }

  /**
   * With a slot in the provider's queue and a place among the creates (so the create goes out
   * moments after its intent): first the job must stay this worker's for as long as the submit may
   * take (handed to another worker meanwhile, it would find the intent and no task id, and settle a
   * create about to succeed). A job activated moments ago is, until its activation's timeout;
   * otherwise its timeout is extended first, and a job the engine no longer gives us is left alone.
   * Then the intent, with the create's fingerprint, confirmed; only then the create call.
   */
  private void beginSubmit(
      JobRef job,
      JobInputs inputs,
      ValidRequest valid,
      CostEstimate estimate,
      String lane,
      ProviderQueue.Waiting turn,
      Instant ownedUntil,
      int creates) {
    if (stopping.getAsBoolean()) {
      queue.createDone();
      queue.release(lane);
      commands.handBack(job); // nothing was stored or sent
      return;
    }
    Instant now = clock.instant();
    // Validated already: whatever this throws, the queue that admitted the job gives back its slot
    // and place.
    FingerprintedRequest request = seedance.fingerprinted(inputs.provider(), valid);
    SubmitIntent intent = SubmitIntent.now(now, request.fingerprint(), creates);
    Duration mayTake = SubmitIntent.SENT_WITHIN.plus(seedance.settings().submitCallTimeout());
    boolean extend = ownedUntil.isBefore(now.plus(mayTake).plus(NOTING_MAY_TAKE));
    Instant ours = extend ? now.plus(mayTake).plus(settings.jobTimeout()) : ownedUntil;
    // Confirmed before the hold lapsed, or no intent is stored: a lapsed job may be another
    // worker's, submitting it too.
    CompletableFuture<Boolean> kept =
        extend
            ? commands.keep(job, mayTake.plus(settings.jobTimeout()), ownedUntil)
            : CompletableFuture.completedFuture(true);
    kept.thenCompose(
            stillOurs ->
                stillOurs ? noteIntent(job, intent) : CompletableFuture.completedFuture(false))
        .thenAccept(
            ready -> {
              if (!ready) {
                queue.createDone();
                queue.release(lane);
                commands.abandon(); // nothing was sent; the job comes back after its timeout
                return;
              }
              try {
                createThreads.execute(
                    () -> submit(job, inputs, valid, request, intent, estimate, lane, turn, ours));
              } catch (RejectedExecutionException stopped) {
                queue.createDone();
                withdraw(job, lane);
              }
            });
  }

  /** On a create thread: the one create call, then the task id noted before the wait begins. */
  private void submit(
      JobRef job,
      JobInputs inputs,
      ValidRequest valid,
      FingerprintedRequest request,
      SubmitIntent intent,
      CostEstimate estimate,
      String lane,
      ProviderQueue.Waiting turn,
      Instant ownedUntil) {
    if (stopping.getAsBoolean()) {
      queue.createDone();
      withdraw(job, lane); // queued behind other calls when the worker began to stop
      return;
    }
    if (!intent.mayStillBeSent(clock.instant())) {
      // The engine took longer than the intent allows to confirm it: its create is not sent, but
      // begun again with a fresh
      // intent, so the intent's time keeps bounding when a create of this job can be in flight.
      LOG.info(
          "Job {}: the intent of attempt {} is older than {}; noting a fresh one before the create",
          job.jobKey(),
          intent.attemptId(),
          SubmitIntent.SENT_WITHIN);
      try {
        finisher.entering(JobStep.NOTING_A_FRESH_INTENT);
        beginSubmit(job, inputs, valid, estimate, lane, turn, ownedUntil, intent.creates());
      } catch (RuntimeException bug) {
        queue.createDone();
        queue.release(lane);
        finisher.failUnexpectedly(job, JobStep.NOTING_A_FRESH_INTENT, bug, null);
      }
      return;
    }
    TaskSnapshot task;
    try {
      finisher.entering(JobStep.CREATING);
      task = seedance.create(inputs.provider(), request.request());
    } catch (SeedanceException e) {
      queue.createDone();
      if (seedance.saysQueueFull(inputs.provider(), e)) {
        // No room at the provider: nothing was created, so the intent goes and the job waits its
        // turn again.
        clearIntent(job)
            .thenAccept(
                cleared -> {
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
        // The intent stays: the provider's list settles whether it made a task, so nothing is paid
        // a second time.
        settleLostCreate(job, inputs, intent, e.getMessage(), ownedUntil);
        return;
      }
      // A retry submits anew, so it needs the intent cleared; should clearing fail, the returning
      // job settles it from the list instead.
      clearIntent(job)
          .thenAccept(
              cleared ->
                  finisher.fail(
                      job,
                      e,
                      cleared ? FailurePolicy.retriesLeft(e, job.retries()) : 0,
                      cleared ? FailurePolicy.backoff(e) : Duration.ZERO));
      return;
    } catch (RuntimeException bug) {
      // A bug of ours during the call: it may have reached the provider, so the intent stays and
      // this is an unknown outcome.
      queue.createDone();
      LOG.error("Job {}: the create call failed unexpectedly", job.jobKey(), bug);
      queue.release(lane);
      settleLostCreate(
          job, inputs, intent, "the create call failed unexpectedly (" + bug + ")", ownedUntil);
      return;
    }
    queue.createDone();
    Instant answered = clock.instant();
    LOG.info("Job {} submitted task {}", job.jobKey(), task.taskId());
    queue.taken(lane);
    // Back to the usual: should this worker die now, the job returns soon.
    boolean shorten = ownedUntil.isAfter(answered.plus(settings.jobTimeout()));
    Instant timesOutAt = shorten ? answered.plus(settings.jobTimeout()) : ownedUntil;
    if (shorten) commands.extendTimeout(job, settings.jobTimeout());
    // Before anything else: the task id goes onto the element instance, so a crash from here on
    // resumes this task. The
    // first progress rides along, so Operate shows the task at once, at no extra engine command.
    TaskProgress progress =
        new TaskProgress(task.taskId(), task.status(), task.progress(), false, answered);
    commands
        .note(
            job,
            Map.of(
                WorkerVariables.TASK_ID,
                task.taskId(),
                WorkerVariables.WAIT_STARTED,
                answered.toString(),
                WorkerVariables.PROGRESS,
                progress.asVariable()))
        .thenRun(
            () -> {
              window.answerToTaskId().record(Duration.between(answered, clock.instant()));
              try {
                finisher.entering(JobStep.BEGINNING_THE_WAIT);
                WaitingJob waiting =
                    waiting(
                        job,
                        inputs,
                        estimate,
                        task.taskId(),
                        answered,
                        clock.instant(),
                        timesOutAt);
                waiting.submittedHere(progress);
                watcher.watch(
                    waiting); // a stopping worker hands it back from there, with its task id stored
              } catch (RuntimeException bug) {
                queue.release(lane);
                finisher.failUnexpectedly(job, JobStep.BEGINNING_THE_WAIT, bug, task.taskId());
              }
            });
  }

  /**
   * The worker stops before the create went out: nothing was sent, so the intent is withdrawn and
   * the job handed back as it came.
   */
  private void withdraw(JobRef job, String lane) {
    queue.release(lane);
    clearIntent(job).thenRun(() -> commands.handBack(job));
  }

  private CompletableFuture<Boolean> clearIntent(JobRef job) {
    return commands.note(job, Collections.singletonMap(WorkerVariables.SUBMIT_INTENT, null));
  }

  /**
   * Stores the intent on the element instance; done when the engine confirmed it, which the submit
   * window times.
   */
  private CompletableFuture<Boolean> noteIntent(JobRef job, SubmitIntent intent) {
    Instant sent = clock.instant();
    return commands
        .note(job, Map.of(WorkerVariables.SUBMIT_INTENT, intent.asVariable()))
        .thenApply(
            confirmed -> {
              if (confirmed) window.intent().record(Duration.between(sent, clock.instant()));
              return confirmed;
            });
  }

  /** A job to watch; its timeout is first extended halfway through what is left of it. */
  private WaitingJob waiting(
      JobRef job,
      JobInputs inputs,
      CostEstimate estimate,
      String taskId,
      Instant waitStartedAt,
      Instant now,
      Instant timesOutAt) {
    Instant firstExtension = timesOutAt.minus(settings.jobTimeout().dividedBy(2));
    WaitingJob waiting =
        new WaitingJob(
            job,
            inputs.provider(),
            taskId,
            waitStartedAt,
            inputs.timeout(),
            inputs.pollInterval(),
            inputs.keep(),
            estimate,
            now,
            firstExtension.isAfter(now) ? firstExtension : now);
    // Only a generate job's create carries the workers' callback URL; an await's task was made
    // elsewhere.
    return kind == JobKind.GENERATE && callbackUrls.expected(inputs.provider(), inputs.video())
        ? waiting.expectingCallback(seedance.callsBackOnlyAtTheEnd(inputs.provider()))
        : waiting;
  }

  /**
   * The estimate of a job that already submitted, for its result: shown, never a reason to stop
   * now.
   */
  private CostEstimate shownEstimate(JobInputs inputs) {
    if (inputs.video() == null) return null;
    try {
      return CostEstimate.of(seedance.validate(inputs.provider(), inputs.video()), prices);
    } catch (SeedanceException changedSince) {
      return null;
    }
  }
}
