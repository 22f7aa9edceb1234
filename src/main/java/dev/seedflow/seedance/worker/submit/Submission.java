package dev.seedflow.seedance.worker.submit;

import dev.seedflow.seedance.client.FingerprintedRequest;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.error.FailurePolicy;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.model.WorkerVariables;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.worker.engine.JobRef;
import dev.seedflow.seedance.worker.shared.JobStep;
import dev.seedflow.seedance.worker.waiting.TaskProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's submit, from its place in line to its task id noted: where "never pay twice" lives.
 *
 * <ol>
 *   <li>It waits in the {@link ProviderQueue} for an {@link Admission}: a slot in its lane and a
 *       place among the creates, which it gives back exactly once each.
 *   <li>It keeps the job this worker's for as long as the submit may take, then stores a {@link
 *       SubmitIntent} with the create's fingerprint and waits for the engine to confirm it.
 *   <li>On a create thread, the one create call; then the task id goes onto the element instance
 *       before anything else, and the wait begins.
 * </ol>
 *
 * A create whose outcome is unknown goes to {@link Next#unknown}, whose settling decides from the
 * provider's list; the intent stays until then.
 */
public final class Submission {
  private static final Logger LOG = LoggerFactory.getLogger(Submission.class);

  /**
   * Time enough, after the create's answer, to note its task id while the job is still ours; it
   * also covers a difference between the engine's clock and this worker's.
   */
  static final Duration NOTING_MAY_TAKE = Duration.ofSeconds(30);

  /** Where the job goes after its submit: the handler routes both. */
  public interface Next {
    /** The provider made the task and its id is noted: the wait begins, holding the task's slot. */
    void created(
        TaskSnapshot task, TaskProgress firstProgress, Instant answered, Instant ownedUntil);

    /** The create's outcome is unknown: the intent stays, and the provider's list settles it. */
    void unknown(SubmitIntent intent, String why, Instant ownedUntil);

    /** The provider proved it made nothing: what was set aside for this video goes. */
    void nothingCreated();
  }

  private final SubmitParts parts;
  private final JobRef job;
  private final ProviderConfig provider;
  private final ValidRequest valid;
  private final int creates;
  private final Next next;

  /**
   * @param creates which create of this job this is: 1, or one more than the lost create it follows
   */
  public Submission(
      SubmitParts parts,
      JobRef job,
      ProviderConfig provider,
      ValidRequest valid,
      int creates,
      Next next) {
    this.parts = parts;
    this.job = job;
    this.provider = provider;
    this.valid = valid;
    this.creates = creates;
    this.next = next;
  }

  /** Into the provider's line: it waits at most until {@code deadline}, holding nothing. */
  public void joinTheLine(Instant deadline, Instant ownedUntil) {
    parts
        .queue()
        .admit(
            provider.account(), new ProviderQueue.Waiting(job, this::begin, deadline, ownedUntil));
  }

  private void begin(Admission admission) {
    begin(admission, admission.heldUntil());
  }

  /**
   * With a slot and a place (so the create goes out moments after its intent): first the job must
   * stay this worker's for as long as the submit may take (handed to another worker meanwhile, it
   * would find the intent and no task id, and settle a create about to succeed). A job activated
   * moments ago is, until its activation's timeout; otherwise its timeout is extended first, and a
   * job the engine no longer gives us is left alone. Then the intent, with the create's
   * fingerprint, confirmed; only then the create call.
   */
  private void begin(Admission admission, Instant ownedUntil) {
    if (parts.stopping().getAsBoolean()) {
      admission.createDone();
      admission.releaseSlot();
      parts.commands().handBack(job); // nothing was stored or sent
      return;
    }
    Instant now = parts.clock().instant();
    // Validated already: whatever this throws, the queue that admitted the job gives back its slot
    // and place.
    FingerprintedRequest request = parts.seedance().fingerprinted(provider, valid);
    SubmitIntent intent = SubmitIntent.now(now, request.fingerprint(), creates);
    Duration mayTake =
        SubmitIntent.SENT_WITHIN.plus(parts.seedance().settings().submitCallTimeout());
    boolean extend = ownedUntil.isBefore(now.plus(mayTake).plus(NOTING_MAY_TAKE));
    Instant ours = extend ? now.plus(mayTake).plus(parts.jobTimeout()) : ownedUntil;
    // Confirmed before the hold lapsed, or no intent is stored: a lapsed job may be another
    // worker's, submitting it too.
    CompletableFuture<Boolean> kept =
        extend
            ? parts.commands().keep(job, mayTake.plus(parts.jobTimeout()), ownedUntil)
            : CompletableFuture.completedFuture(true);
    kept.thenCompose(
            stillOurs -> stillOurs ? noteIntent(intent) : CompletableFuture.completedFuture(false))
        .thenAccept(
            ready -> {
              if (!ready) {
                admission.createDone();
                admission.releaseSlot();
                parts
                    .commands()
                    .abandon(); // nothing was sent; the job comes back after its timeout
                return;
              }
              try {
                parts.createThreads().execute(() -> send(admission, request, intent, ours));
              } catch (RejectedExecutionException stopped) {
                admission.createDone();
                withdraw(admission);
              }
            });
  }

  /** On a create thread: the one create call, then the task id noted before the wait begins. */
  private void send(
      Admission admission, FingerprintedRequest request, SubmitIntent intent, Instant ownedUntil) {
    if (parts.stopping().getAsBoolean()) {
      admission.createDone();
      withdraw(admission); // queued behind other calls when the worker began to stop
      return;
    }
    if (!intent.mayStillBeSent(parts.clock().instant())) {
      // The engine took longer than the intent allows to confirm it: its create is not sent, but
      // begun again with a fresh intent, so the intent's time keeps bounding when a create of this
      // job can be in flight.
      LOG.info(
          "Job {}: the intent of attempt {} is older than {}; noting a fresh one before the create",
          job.jobKey(),
          intent.attemptId(),
          SubmitIntent.SENT_WITHIN);
      try {
        parts.finisher().entering(JobStep.NOTING_A_FRESH_INTENT);
        begin(admission, ownedUntil);
      } catch (RuntimeException bug) {
        admission.releaseWhatIsHeld();
        parts.finisher().failUnexpectedly(job, JobStep.NOTING_A_FRESH_INTENT, bug, null);
      }
      return;
    }
    TaskSnapshot task;
    try {
      parts.finisher().entering(JobStep.CREATING);
      task = parts.seedance().create(provider, request.request());
    } catch (SeedanceException e) {
      admission.createDone();
      refused(admission, intent, e, ownedUntil);
      return;
    } catch (RuntimeException bug) {
      // A bug of ours during the call: it may have reached the provider, so the intent stays and
      // this is an unknown outcome.
      admission.createDone();
      admission.releaseSlot();
      LOG.error("Job {}: the create call failed unexpectedly", job.jobKey(), bug);
      next.unknown(intent, "the create call failed unexpectedly (" + bug + ")", ownedUntil);
      return;
    }
    admission.createDone();
    created(admission, task, ownedUntil);
  }

  /** The create failed: nothing was created, or its outcome is unknown. */
  private void refused(
      Admission admission, SubmitIntent intent, SeedanceException e, Instant ownedUntil) {
    if (parts.seedance().saysQueueFull(provider, e)) {
      // No room at the provider: nothing was created, so the intent goes and the job waits its
      // turn again.
      clearIntent()
          .thenAccept(
              cleared -> {
                if (cleared) {
                  admission.refusedAsFull();
                } else {
                  admission.releaseSlot();
                  parts.finisher().fail(job, e, 0, Duration.ZERO);
                }
              });
      return;
    }
    admission.releaseSlot();
    if (!e.errorCode().provesNothingCreated()) {
      // The intent stays: the provider's list settles whether it made a task, so nothing is paid
      // a second time.
      next.unknown(intent, e.getMessage(), ownedUntil);
      return;
    }
    next.nothingCreated();
    // A retry submits anew, so it needs the intent cleared; should clearing fail, the returning
    // job settles it from the list instead.
    clearIntent()
        .thenAccept(
            cleared ->
                parts
                    .finisher()
                    .fail(
                        job,
                        e,
                        cleared ? FailurePolicy.retriesLeft(e, job.retries()) : 0,
                        cleared ? FailurePolicy.backoff(e) : Duration.ZERO));
  }

  /**
   * The provider took the create. Before anything else, the task id goes onto the element instance,
   * so a crash from here on resumes this task; the first progress rides along, so Operate shows the
   * task at once, at no extra engine command.
   */
  private void created(Admission admission, TaskSnapshot task, Instant ownedUntil) {
    Instant answered = parts.clock().instant();
    LOG.info("Job {} submitted task {}", job.jobKey(), task.taskId());
    parts.queue().taken(provider.account());
    // Back to the usual: should this worker die now, the job returns soon.
    boolean shorten = ownedUntil.isAfter(answered.plus(parts.jobTimeout()));
    Instant timesOutAt = shorten ? answered.plus(parts.jobTimeout()) : ownedUntil;
    if (shorten) parts.commands().extendTimeout(job, parts.jobTimeout());
    TaskProgress progress =
        new TaskProgress(task.taskId(), task.status(), task.progress(), false, answered);
    parts
        .commands()
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
              parts
                  .window()
                  .answerToTaskId()
                  .record(Duration.between(answered, parts.clock().instant()));
              try {
                parts.finisher().entering(JobStep.BEGINNING_THE_WAIT);
                // A stopping worker hands the job back from the wait, with its task id stored.
                next.created(task, progress, answered, timesOutAt);
                admission.slotToTheTask();
              } catch (RuntimeException bug) {
                admission.releaseSlot();
                parts
                    .finisher()
                    .failUnexpectedly(job, JobStep.BEGINNING_THE_WAIT, bug, task.taskId());
              }
            });
  }

  /**
   * The worker stops before the create went out: nothing was sent, so the intent is withdrawn and
   * the job handed back as it came.
   */
  private void withdraw(Admission admission) {
    admission.releaseSlot();
    clearIntent().thenRun(() -> parts.commands().handBack(job));
  }

  private CompletableFuture<Boolean> clearIntent() {
    return parts
        .commands()
        .note(job, Collections.singletonMap(WorkerVariables.SUBMIT_INTENT, null));
  }

  /**
   * Stores the intent on the element instance; done when the engine confirmed it, which the submit
   * window times.
   */
  private CompletableFuture<Boolean> noteIntent(SubmitIntent intent) {
    Instant sent = parts.clock().instant();
    return parts
        .commands()
        .note(job, Map.of(WorkerVariables.SUBMIT_INTENT, intent.asVariable()))
        .thenApply(
            confirmed -> {
              if (confirmed)
                parts.window().intent().record(Duration.between(sent, parts.clock().instant()));
              return confirmed;
            });
  }
}
