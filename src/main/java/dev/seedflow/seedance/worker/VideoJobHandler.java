package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.cost.BudgetCheck;
import dev.seedflow.seedance.cost.CostEstimate;
import dev.seedflow.seedance.cost.PriceTable;
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
import dev.seedflow.seedance.worker.shared.AgentAnswers;
import dev.seedflow.seedance.worker.shared.JobKind;
import dev.seedflow.seedance.worker.shared.JobStep;
import dev.seedflow.seedance.worker.submit.LostCreates;
import dev.seedflow.seedance.worker.submit.ProcessBudgets;
import dev.seedflow.seedance.worker.submit.Submission;
import dev.seedflow.seedance.worker.submit.SubmitIntent;
import dev.seedflow.seedance.worker.submit.SubmitParts;
import dev.seedflow.seedance.worker.waiting.TaskProgress;
import dev.seedflow.seedance.worker.waiting.TaskWatcher;
import dev.seedflow.seedance.worker.waiting.WaitingJob;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes an activated generate or await job; it never waits for a video itself, and submits nothing
 * itself. A job that comes back with a task id (a restarted worker, a passed timeout) resumes that
 * task with the {@link TaskWatcher}; an await job watches the task it names; a job that comes back
 * with an intent to submit and no task id cannot know whether the provider took the call, so {@link
 * LostCreates} settles it from the provider's list (resume the task found, submit anew when there
 * is none, or an incident that says how to go on instead of paying again); any other generate job
 * is validated and estimated, then handed to a {@link Submission}, which submits it at most once.
 */
final class VideoJobHandler implements JobHandler {
  private static final Logger LOG = LoggerFactory.getLogger(VideoJobHandler.class);

  private final JobKind kind;
  private final SubmitParts submitting;
  private final SeedanceClient seedance;
  private final JobCommands commands;
  private final JobFinisher finisher;
  private final BooleanSupplier stopping;
  private final Clock clock;
  private final TaskWatcher watcher;
  private final LostCreates lostCreates;
  private final ConfinedSecrets secrets;
  private final Duration jobTimeout;
  private final PriceTable prices;
  private final CallbackUrls callbackUrls;
  private final ProcessBudgets budgets;

  VideoJobHandler(
      JobKind kind,
      SubmitParts submitting,
      TaskWatcher watcher,
      LostCreates lostCreates,
      ConfinedSecrets secrets,
      PriceTable prices,
      CallbackUrls callbackUrls,
      ProcessBudgets budgets) {
    this.kind = kind;
    this.submitting = submitting;
    this.seedance = submitting.seedance();
    this.commands = submitting.commands();
    this.finisher = submitting.finisher();
    this.stopping = submitting.stopping();
    this.clock = submitting.clock();
    this.watcher = watcher;
    this.lostCreates = lostCreates;
    this.secrets = secrets;
    this.jobTimeout = submitting.jobTimeout();
    this.prices = prices;
    this.callbackUrls = callbackUrls;
    this.budgets = budgets;
  }

  /** Which jobs it takes: generate or await. */
  JobKind kind() {
    return kind;
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
    } catch (SeedanceException refused) {
      // Read only now, on a refusal: whether an AI Agent called the step as a tool.
      finisher.refuse(
          job, refused, activated.getVariablesAsMap().containsKey(AgentAnswers.TOOL_CALL));
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
    Map<Long, ProcessBudgets.Reserved> reserved =
        budgets.reserve(
            job.processInstanceKey(),
            job.jobKey(),
            estimate,
            inputs.video().model(),
            inputs.processBudget().maxTokensPerProcess(),
            inputs.processBudget().maxCostPerProcess(),
            inputs.spentByTheInstance());
    if (!reserved.isEmpty()) {
      commands.noteOnTheInstance(
          job, Map.of(ProcessBudgets.SPENT, ProcessBudgets.asVariable(reserved)));
    }
    // Then it waits for room in the provider's queue, if need be, before anything is stored or
    // sent.
    new Submission(
            submitting,
            job,
            inputs.provider(),
            valid,
            creates,
            new Submission.Next() {
              @Override
              public void created(
                  TaskSnapshot task, TaskProgress first, Instant answered, Instant ownedUntil) {
                WaitingJob waiting =
                    waiting(
                        job,
                        inputs,
                        estimate,
                        task.taskId(),
                        answered,
                        clock.instant(),
                        ownedUntil);
                waiting.submittedHere(first);
                watcher.watch(waiting);
              }

              @Override
              public void unknown(SubmitIntent intent, String why, Instant ownedUntil) {
                settleLostCreate(job, inputs, intent, why, ownedUntil);
              }

              @Override
              public void nothingCreated() {
                budgets.release(job.processInstanceKey(), job.jobKey());
              }
            })
        .joinTheLine(clock.instant().plus(inputs.timeout()), ownedUntil);
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

  /** A job to watch; its timeout is first extended halfway through what is left of it. */
  private WaitingJob waiting(
      JobRef job,
      JobInputs inputs,
      CostEstimate estimate,
      String taskId,
      Instant waitStartedAt,
      Instant now,
      Instant timesOutAt) {
    Instant firstExtension = timesOutAt.minus(jobTimeout.dividedBy(2));
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
