package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.RequestValidator;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
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
  private static final int REMEMBER_ATTEMPTS = 5;

  private final JobKind kind;
  private final SeedanceClient seedance;
  private final CamundaClient camunda;
  private final TaskWatcher watcher;
  private final JobFinisher finisher;
  private final ConfinedSecrets secrets;
  private final ExecutorService io;
  private final Semaphore inFlight;
  private final WorkerSettings settings;
  private final SubmitWindow window;
  private final BooleanSupplier stopping;
  private final Clock clock;

  VideoJobHandler(JobKind kind, SeedanceClient seedance, CamundaClient camunda, TaskWatcher watcher, JobFinisher finisher,
      ConfinedSecrets secrets, ExecutorService io, Semaphore inFlight, WorkerSettings settings, SubmitWindow window,
      BooleanSupplier stopping, Clock clock) {
    this.kind = kind;
    this.seedance = seedance;
    this.camunda = camunda;
    this.watcher = watcher;
    this.finisher = finisher;
    this.secrets = secrets;
    this.io = io;
    this.inFlight = inFlight;
    this.settings = settings;
    this.window = window;
    this.stopping = stopping;
    this.clock = clock;
  }

  @Override
  public void handle(JobClient client, ActivatedJob activated) throws InterruptedException {
    if (stopping.getAsBoolean()) {
      return; // a stopping worker leaves the job to the engine: it comes back after its timeout
    }
    // Back-pressure: at the limit, activation pauses here instead of piling up jobs we cannot watch.
    inFlight.acquire();
    JobRef job = JobRef.of(kind, activated);
    try {
      start(job, activated);
    } catch (RejectedExecutionException stopped) {
      inFlight.release();
      LOG.debug("Worker stopping; job {} is left to come back after its timeout", job.jobKey());
    } catch (SeedanceException invalid) {
      finisher.fail(job, invalid, 0, Duration.ZERO);
    } catch (RuntimeException e) {
      finisher.fail(job, SeedanceException.of(ErrorCode.INVALID_INPUT, "the job's variables could not be read (" + e.getMessage() + ")")
          .cause(e).build(), 0, Duration.ZERO);
    }
  }

  private void start(JobRef job, ActivatedJob activated) {
    JobInputs inputs = JobInputs.read(activated.getVariables(), kind, secrets);
    Instant now = clock.instant();
    if (inputs.rememberedTaskId() != null) {
      LOG.info("Job {} came back; resuming task {} instead of submitting again", job.jobKey(), inputs.rememberedTaskId());
      Instant started = inputs.rememberedWaitStart() != null ? inputs.rememberedWaitStart() : now;
      watcher.watch(waiting(job, inputs, inputs.rememberedTaskId(), started, now));
    } else if (kind == JobKind.AWAIT) {
      RequestValidator.validateTaskCall(inputs.provider(), inputs.taskId());
      Instant started = inputs.rememberedWaitStart() != null ? inputs.rememberedWaitStart() : now;
      if (inputs.rememberedWaitStart() == null) remember(job, Map.of(JobInputs.WAIT_STARTED_VARIABLE, now.toString()));
      watcher.watch(waiting(job, inputs, inputs.taskId().trim(), started, now));
    } else if (inputs.rememberedIntent() != null) {
      finisher.fail(job, earlierAttempt(inputs.rememberedIntent()), 0, Duration.ZERO);
    } else {
      RequestValidator.validate(inputs.provider(), inputs.video()); // an invalid request costs no engine command either
      io.execute(() -> submit(job, inputs));
    }
  }

  private void submit(JobRef job, JobInputs inputs) {
    SubmitIntent intent = SubmitIntent.now(clock.instant(), inputs.video().model());
    if (!remember(job, Map.of(JobInputs.SUBMIT_INTENT_VARIABLE, intent.asVariable()))) {
      // Nothing was sent; the job comes back after its timeout (with the intent, should the engine have stored it after all).
      return;
    }
    TaskSnapshot task;
    try {
      task = seedance.create(inputs.provider(), inputs.video());
    } catch (SeedanceException e) {
      if (!e.errorCode().provesNothingCreated()) {
        // The intent stays: a retry of this job must not pay a second time for what may exist already.
        finisher.fail(job, e, 0, Duration.ZERO);
        return;
      }
      boolean cleared = remember(job, Collections.singletonMap(JobInputs.SUBMIT_INTENT_VARIABLE, null));
      boolean retry = e.errorCode().isTransient() && cleared;
      finisher.fail(job, e, retry ? Math.max(0, job.retries() - 1) : 0, retry ? e.retryAfter().orElse(Duration.ofSeconds(10)) : Duration.ZERO);
      return;
    } catch (RuntimeException e) {
      finisher.fail(job, SeedanceException.of(ErrorCode.SUBMIT_OUTCOME_UNKNOWN, "the create call failed unexpectedly (" + e + ")").cause(e).build(), 0, Duration.ZERO);
      return;
    }
    Instant now = clock.instant();
    // Before anything else: the task id goes onto the element instance, so a crash from here on resumes this task.
    remember(job, Map.of(JobInputs.TASK_ID_VARIABLE, task.taskId(), JobInputs.WAIT_STARTED_VARIABLE, now.toString()));
    window.record(Duration.between(now, clock.instant()));
    LOG.info("Job {} submitted task {}", job.jobKey(), task.taskId());
    try {
      watcher.watch(waiting(job, inputs, task.taskId(), now, now));
    } catch (RejectedExecutionException stopped) {
      LOG.info("Worker stopping; job {} will resume task {} after its timeout", job.jobKey(), task.taskId());
    }
  }

  /**
   * The incident of a job that comes back with an intent to submit and no task id: when the earlier attempt was made,
   * with which model, and the two ways on.
   */
  static SeedanceException earlierAttempt(SubmitIntent intent) {
    return SeedanceException.of(ErrorCode.SUBMIT_OUTCOME_UNKNOWN, "an earlier attempt to create this video (attempt " + intent.attemptId()
            + ", at " + intent.at() + ", model " + intent.model() + ") may have reached the provider, and no task id was stored for it, "
            + "so it is not submitted again. If the provider has the task, set the local variable " + JobInputs.TASK_ID_VARIABLE
            + " of this task to its id and retry the incident to wait for it; if it has none, set the local variable "
            + JobInputs.SUBMIT_INTENT_VARIABLE + " to null and retry the incident to submit anew")
        .build();
  }

  /** Sets local variables on the job's element instance, and waits for the engine to confirm them. */
  private boolean remember(JobRef job, Map<String, Object> variables) {
    for (int attempt = 1; attempt <= REMEMBER_ATTEMPTS; attempt++) {
      try {
        camunda.newSetVariablesCommand(job.elementInstanceKey()).variables(variables).local(true).send().join();
        return true;
      } catch (RuntimeException e) {
        LOG.warn("Could not store {} on element instance {} (attempt {}): {}", variables.keySet(), job.elementInstanceKey(), attempt, e.getMessage());
      }
    }
    LOG.error("Could not store {} on element instance {}: should this job come back, it raises an incident rather than submit again",
        variables.keySet(), job.elementInstanceKey());
    return false;
  }

  private WaitingJob waiting(JobRef job, JobInputs inputs, String taskId, Instant waitStartedAt, Instant now) {
    return new WaitingJob(job, inputs.provider(), taskId, waitStartedAt, inputs.timeout(), inputs.pollInterval(), now, settings.jobTimeout());
  }
}
