package dev.seedflow.seedance.worker.submit;

import dev.seedflow.seedance.client.LostCreate;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.model.WorkerVariables;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.worker.engine.JobRef;
import dev.seedflow.seedance.worker.shared.JobStep;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles a create whose outcome is unknown (its worker died inside the call, or the provider
 * answered a 5xx, or the connection broke after the request left) without a person, where the
 * provider's list can tell. It first waits until that create cannot still be in flight: the
 * intent's time, plus the time a create may wait to be sent ({@link SubmitIntent#SENT_WITHIN}),
 * plus the create deadline, plus {@code lostCreateMargin}. Then it looks for the task by the
 * intent's fingerprint: one match is resumed, none means the provider took nothing and the video is
 * submitted anew; anything else, or a list that cannot be read, is the incident of old, which names
 * the fingerprint and the candidates. Dialects without a list (the gateways) go straight to that
 * incident. No thread is held while it waits; the job is kept this worker's meanwhile.
 */
public final class LostCreates {
  private static final Logger LOG = LoggerFactory.getLogger(LostCreates.class);

  /**
   * The most creates one job sends through settlements that found nothing: a provider whose list
   * never shows the tasks it takes would otherwise be paid for every one.
   */
  public static final int MOST_CREATES = 3;

  /** How much earlier than the intent the provider's clock may have stamped the task. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

  private final SeedanceClient seedance;
  private final SubmitEffects effects;
  private final ScheduledExecutorService scheduler;
  private final Executor io;
  private final WorkerSettings settings;
  private final BooleanSupplier stopping;
  private final Clock clock;

  /** Jobs waiting to look, by job key; touched only on the scheduler thread. */
  private final Map<Long, Pending> pending = new HashMap<>();

  private record Pending(JobRef job, ScheduledFuture<?> look) {}

  public LostCreates(
      SeedanceClient seedance,
      SubmitEffects effects,
      ScheduledExecutorService scheduler,
      Executor io,
      WorkerSettings settings,
      BooleanSupplier stopping,
      Clock clock) {
    this.seedance = seedance;
    this.effects = effects;
    this.scheduler = scheduler;
    this.io = io;
    this.settings = settings;
    this.stopping = stopping;
    this.clock = clock;
  }

  /**
   * Settles the intent's create.
   *
   * @param why what made the outcome unknown, for the incident should a person have to decide
   * @param ownedUntil until when the job is this worker's as things stand
   * @param resume given the task found and until when the job is this worker's
   * @param submitAnew given until when the job is this worker's
   */
  public void settle(
      JobRef job,
      ProviderConfig provider,
      SubmitIntent intent,
      String why,
      Instant ownedUntil,
      BiConsumer<TaskSnapshot, Instant> resume,
      Consumer<Instant> submitAnew) {
    if (intent.fingerprint() == null
        || intent.at() == null
        || !seedance.findsLostCreates(provider)) {
      effects.fail(job, askAPerson(intent, why, null));
      return;
    }
    Instant now = clock.instant();
    Instant lookAt =
        intent
            .inFlightUntil(seedance.settings().submitCallTimeout())
            .plus(settings.lostCreateMargin());
    // Ours until the look is over and its verdict acted on: the look, with its retries, is bounded
    // by a read's deadline a few times over.
    Instant needed =
        (lookAt.isAfter(now) ? lookAt : now)
            .plus(seedance.settings().readCallTimeout().multipliedBy(2))
            .plus(settings.jobTimeout());
    if (!ownedUntil.isBefore(needed)) {
      schedule(job, provider, intent, why, ownedUntil, lookAt, resume, submitAnew);
      return;
    }
    effects
        .keep(job, Duration.between(now, needed), ownedUntil)
        .thenAccept(
            ours -> {
              if (ours) {
                schedule(job, provider, intent, why, needed, lookAt, resume, submitAnew);
              } else {
                effects
                    .abandon(); // no longer surely ours: whoever has it now settles it the same way
              }
            });
  }

  private void schedule(
      JobRef job,
      ProviderConfig provider,
      SubmitIntent intent,
      String why,
      Instant ownedUntil,
      Instant lookAt,
      BiConsumer<TaskSnapshot, Instant> resume,
      Consumer<Instant> submitAnew) {
    long delay = Math.max(0, Duration.between(clock.instant(), lookAt).toMillis());
    LOG.info(
        "Job {}: the create of attempt {} has an unknown outcome ({}); looking for its task in the"
            + " provider's list in {} s",
        job.jobKey(),
        intent.attemptId(),
        why,
        delay / 1000);
    scheduler.execute(
        () -> {
          if (stopping.getAsBoolean()) {
            effects.handBack(job);
            return;
          }
          ScheduledFuture<?> look =
              scheduler.schedule(
                  () -> {
                    pending.remove(job.jobKey());
                    try {
                      io.execute(
                          () -> look(job, provider, intent, why, ownedUntil, resume, submitAnew));
                    } catch (RejectedExecutionException stopped) {
                      effects.handBack(job);
                    }
                  },
                  delay,
                  TimeUnit.MILLISECONDS);
          pending.put(job.jobKey(), new Pending(job, look));
        });
  }

  /** On an I/O thread: the look, and what follows from it. */
  private void look(
      JobRef job,
      ProviderConfig provider,
      SubmitIntent intent,
      String why,
      Instant ownedUntil,
      BiConsumer<TaskSnapshot, Instant> resume,
      Consumer<Instant> submitAnew) {
    LostCreate verdict;
    try {
      effects.entering(JobStep.LOOKING_FOR_A_LOST_CREATE);
      verdict =
          seedance.findLostCreate(provider, intent.fingerprint(), intent.at().minus(CLOCK_SKEW));
    } catch (SeedanceException unreadable) {
      effects.fail(
          job,
          askAPerson(
              intent,
              why,
              "the provider's task list could not be read to settle it ("
                  + unreadable.getMessage()
                  + ")"));
      return;
    } catch (RuntimeException bug) {
      effects.failUnexpectedly(job, JobStep.LOOKING_FOR_A_LOST_CREATE, bug, null);
      return;
    }
    switch (verdict) {
      case LostCreate.Found found -> {
        LOG.info(
            "Job {}: lost create of attempt {} settled: the provider made task {}, which is"
                + " resumed",
            job.jobKey(),
            intent.attemptId(),
            found.task().taskId());
        resume.accept(found.task(), ownedUntil);
      }
      case LostCreate.NotMade notMade when intent.creates() >= MOST_CREATES ->
          effects.fail(
              job,
              askAPerson(
                  intent,
                  why,
                  "the provider's task "
                      + "list showed no task for "
                      + intent.creates()
                      + " creates of this job in a row, each of which had an unknown outcome; a"
                      + " provider that takes creates and lists them would not show that, so no"
                      + " more are sent"));
      case LostCreate.NotMade notMade -> {
        LOG.info(
            "Job {}: lost create of attempt {} settled: the provider made no task, so it is"
                + " submitted anew",
            job.jobKey(),
            intent.attemptId());
        submitAnew.accept(ownedUntil);
      }
      case LostCreate.Unclear unclear ->
          effects.fail(
              job,
              askAPerson(
                  intent,
                  why,
                  "the provider's task list cannot settle it: "
                      + unclear.why()
                      + (unclear.candidates().isEmpty()
                          ? ""
                          : " (candidates: " + String.join(", ", unclear.candidates()) + ")")));
    }
  }

  /**
   * Every job still waiting to look goes back to the engine now, for another worker to settle. On
   * the scheduler thread.
   */
  public void handBackAll() {
    pending
        .values()
        .forEach(
            waiting -> {
              waiting.look().cancel(false);
              effects.handBack(waiting.job());
            });
    pending.clear();
  }

  /**
   * The incident of a create nobody can settle from here: when it was tried, what it is recognised
   * by, why it is not settled, and the two ways on.
   */
  static SeedanceException askAPerson(SubmitIntent intent, String why, String unsettled) {
    String fingerprint =
        intent.fingerprint() != null
            ? intent.fingerprint().describe(intent.at())
            : "model " + intent.model() + ", at " + intent.at();
    return SeedanceException.of(
            ErrorCode.SUBMIT_OUTCOME_UNKNOWN,
            "an earlier attempt to create this video (attempt "
                + intent.attemptId()
                + ": "
                + fingerprint
                + ") may have reached the provider, and no task id was stored for it ("
                + why
                + "), so it is not submitted again"
                + (unsettled == null ? "" : "; " + unsettled)
                + ". Look for the task in the provider's console by that fingerprint. If the"
                + " provider has it, set the local variable "
                + WorkerVariables.TASK_ID
                + " of this task to its id and retry the incident to wait for it; if it has none, "
                + "set the local variable "
                + WorkerVariables.SUBMIT_INTENT
                + " to null and retry the incident to submit anew")
        .build();
  }
}
