package dev.seedflow.seedance.worker.submit;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.model.WorkerVariables;
import dev.seedflow.seedance.worker.engine.JobCommands;
import dev.seedflow.seedance.worker.engine.JobRef;
import dev.seedflow.seedance.worker.shared.JobStep;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission to a provider account's queue. An account takes only so many unfinished tasks (BytePlus
 * about 120, gateways fewer); beyond that a create is refused with 429 QuotaExceeded, while a
 * minute later there is room. So each provider and key gets a number of slots: a task this worker
 * submits or watches holds one until it ends, and a job that finds none waits its turn, first in
 * first out, holding no thread and spending none of its retries, with its job timeout kept extended
 * and its place in line shown in {@code seedanceProgress}. The number starts at the setting and
 * follows the provider: a QuotaExceeded lowers it to what was unfinished then and puts the job back
 * at the head of the line; every create taken afterwards raises it by one again. Replicas sharing a
 * key converge on the account's limit the same way, from the provider's refusals, without talking
 * to each other. Everything here runs on the scheduler thread.
 */
public final class ProviderQueue {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderQueue.class);

  /**
   * After a refusal with nothing finished here, the head of the line tries again this much later.
   */
  static final Duration AFTER_REFUSAL = Duration.ofSeconds(10);

  /**
   * A job waiting to submit: what to run once it is admitted (given its {@link Admission}), until
   * when it may wait, and until when it is surely ours, by the extensions the engine confirmed
   * (touched on the scheduler thread only).
   */
  public static final class Waiting {
    private final JobRef job;
    private final Consumer<Admission> submit;
    private final Instant deadline;
    private Instant heldUntil;

    public Waiting(JobRef job, Consumer<Admission> submit, Instant deadline, Instant heldUntil) {
      this.job = job;
      this.submit = submit;
      this.deadline = deadline;
      this.heldUntil = heldUntil;
    }

    JobRef job() {
      return job;
    }

    Consumer<Admission> submit() {
      return submit;
    }

    Instant deadline() {
      return deadline;
    }

    /**
     * Until when the job is surely this worker's: no other worker can have been given it before.
     */
    public Instant heldUntil() {
      return heldUntil;
    }
  }

  /**
   * How much of a job's time must be left for it to be admitted: a job whose confirmed extensions
   * lapsed may have been handed to another worker, which may be submitting it, so it is let go
   * instead.
   */
  static final Duration MUST_BE_HELD_FOR = JobCommands.CLOCK_SKEW;

  private static final class Lane {
    final String key;
    int held;
    int limit;
    Instant closedUntil = Instant.MIN;
    final ArrayDeque<Waiting> line = new ArrayDeque<>();
    final Map<Long, Integer> shownPosition = new HashMap<>();

    Lane(String key, int limit) {
      this.key = key;
      this.limit = limit;
    }
  }

  private final Map<String, Lane> lanes = new LinkedHashMap<>();

  /**
   * Creates between their admission and their answer, every lane together, at most {@link
   * #createPlaces}: two per create thread, so one can note its intent while the other is sent, and
   * no create waits for a thread longer than one create takes: it goes out soon after its intent
   * ({@link SubmitIntent#SENT_WITHIN}), while the jobs behind it wait here, kept ours, with nothing
   * stored.
   */
  private final int createPlaces;

  private int creating;
  private final ScheduledExecutorService scheduler;
  private final SubmitEffects effects;
  private final WorkerSettings settings;
  private final Clock clock;
  private final BooleanSupplier stopping;
  private Instant extendedAt;

  public ProviderQueue(
      ScheduledExecutorService scheduler,
      SubmitEffects effects,
      WorkerSettings settings,
      BooleanSupplier stopping,
      Clock clock) {
    this.scheduler = scheduler;
    this.effects = effects;
    this.settings = settings;
    this.clock = clock;
    this.stopping = stopping;
    this.createPlaces = 2 * settings.ioThreads();
    this.extendedAt = clock.instant();
  }

  /** Every second from now: paused lanes try again, expired waits end, waiting jobs are kept. */
  public void start() {
    scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  /** Runs {@code waiting.submit()} once the lane has a free slot, which it then holds. */
  public void admit(String laneKey, Waiting waiting) {
    scheduler.execute(
        () -> {
          if (stopping.getAsBoolean()) {
            effects.handBack(waiting.job());
            return;
          }
          Lane lane = lane(laneKey);
          lane.line.addLast(waiting);
          drain(lane);
          showPositions(lane);
        });
  }

  /**
   * Slots held at the providers, every lane together: 0 once every task this worker watched has
   * ended. On the scheduler thread.
   */
  public int held() {
    return lanes.values().stream().mapToInt(lane -> lane.held).sum();
  }

  /** Jobs waiting for room at a provider, every lane together. On the scheduler thread. */
  public int inLine() {
    return lanes.values().stream().mapToInt(lane -> lane.line.size()).sum();
  }

  /**
   * Every job waiting for room goes back to the engine now, for another worker. On the scheduler
   * thread.
   */
  public void handBackAll() {
    for (Lane lane : lanes.values()) {
      lane.line.forEach(waiting -> effects.handBack(waiting.job()));
      lane.line.clear();
      lane.shownPosition.clear();
    }
  }

  /**
   * A task this worker did not submit (an await, a resumed job) holds a slot while it is watched.
   */
  public void hold(String laneKey) {
    lane(laneKey).held++;
  }

  /** The task ended, or its create provably left nothing: its slot is free. */
  public void release(String laneKey) {
    scheduler.execute(
        () -> {
          Lane lane = lane(laneKey);
          lane.held = lessOne(lane.held, "a slot in lane " + laneKey);
          drain(lane);
          showPositions(lane);
        });
  }

  /**
   * A create admitted here was answered, or never went out: its place is the next job's ({@link
   * Admission#createDone}).
   */
  void createDone() {
    scheduler.execute(
        () -> {
          creating = lessOne(creating, "a place among the creates");
          lanes.values().forEach(this::drain);
        });
  }

  /**
   * The provider took a create: room was there, so the estimate may grow by one again, up to the
   * setting.
   */
  public void taken(String laneKey) {
    scheduler.execute(
        () -> {
          Lane lane = lane(laneKey);
          if (lane.limit < settings.maxUnfinishedTasks()) lane.limit++;
        });
  }

  /**
   * The provider said its queue is full (QuotaExceeded): nothing was created. The estimate drops to
   * what is unfinished here now, and the job goes back to the head of the line without spending a
   * retry ({@link Admission#refusedAsFull}).
   */
  void full(String laneKey, Waiting waiting) {
    scheduler.execute(
        () -> {
          Lane lane = lane(laneKey);
          lane.held = lessOne(lane.held, "a slot in lane " + laneKey);
          lane.limit =
              Math.max(
                  1,
                  Math.min(
                      lane.limit,
                      lane.held)); // with nothing unfinished here, one try after the pause
          lane.closedUntil = clock.instant().plus(AFTER_REFUSAL);
          if (stopping.getAsBoolean()) {
            effects.handBack(waiting.job());
            return;
          }
          lane.line.addFirst(waiting);
          LOG.info(
              "The provider's queue is full; {} unfinished here, waiting for room ({} in line)",
              lane.held,
              lane.line.size());
          showPositions(lane);
        });
  }

  private Lane lane(String key) {
    return lanes.computeIfAbsent(key, k -> new Lane(k, settings.maxUnfinishedTasks()));
  }

  /**
   * One less of a count that each admission raised once: below zero, something was given back
   * twice, which no clamp may hide.
   */
  private static int lessOne(int count, String what) {
    if (count > 0) return count - 1;
    IllegalStateException twice =
        new IllegalStateException(what + " was given back with none held: a bug");
    LOG.error("The provider queue's count would drift", twice);
    throw twice;
  }

  /**
   * Admits from the head of the line while there is room; after a refusal, not before its pause is
   * over.
   */
  private void drain(Lane lane) {
    if (clock.instant().isBefore(lane.closedUntil)) return;
    while (!lane.line.isEmpty() && lane.held < lane.limit && creating < createPlaces) {
      Waiting next = lane.line.pollFirst();
      lane.shownPosition.remove(next.job().jobKey());
      if (next.heldUntil.isBefore(clock.instant().plus(MUST_BE_HELD_FOR))) {
        lettingGo(next, "its timeout lapsed while it waited");
        continue;
      }
      lane.held++;
      creating++;
      Admission admission = new Admission(this, lane.key, next);
      try {
        effects.entering(JobStep.BEGINNING_THE_SUBMIT);
        next.submit().accept(admission);
      } catch (RuntimeException bug) {
        admission.releaseWhatIsHeld();
        effects.failUnexpectedly(next.job(), JobStep.BEGINNING_THE_SUBMIT, bug, null);
      }
    }
  }

  /**
   * Every second: the paused lanes try again, expired waits end, and waiting jobs are kept ours.
   */
  private void tick() {
    Instant now = clock.instant();
    boolean extend = !now.isBefore(extendedAt.plus(settings.jobTimeout().dividedBy(2)));
    if (extend) extendedAt = now;
    for (Lane lane : lanes.values()) {
      for (Iterator<Waiting> it = lane.line.iterator(); it.hasNext(); ) {
        Waiting waiting = it.next();
        if (!now.isBefore(waiting.deadline())) {
          it.remove();
          lane.shownPosition.remove(waiting.job().jobKey());
          effects.fail(
              waiting.job(),
              SeedanceException.of(
                      ErrorCode.WAIT_TIMEOUT,
                      "the provider's queue had no room for this video within "
                          + "wait.timeout, so nothing was submitted and nothing was paid")
                  .advice(
                      "Raise wait.timeout, or run fewer videos on this "
                          + "account at once; retrying the incident waits for room again.")
                  .build());
        } else if (extend) {
          Instant sent = clock.instant();
          effects
              .keep(waiting.job(), settings.jobTimeout(), waiting.heldUntil)
              .thenAccept(
                  ours ->
                      scheduler.execute(
                          () -> {
                            if (!ours) {
                              letGo(waiting);
                            } else if (sent.plus(settings.jobTimeout())
                                .isAfter(waiting.heldUntil)) {
                              waiting.heldUntil = sent.plus(settings.jobTimeout());
                            }
                          }));
        }
      }
      drain(lane);
      showPositions(lane);
    }
  }

  /**
   * A job whose timeout could not be extended in time is no longer surely ours (it timed out, and
   * may be another worker's by now): it leaves the line without a command, having stored and sent
   * nothing.
   */
  private void letGo(Waiting waiting) {
    for (Lane lane : lanes.values()) {
      if (lane.line.remove(waiting)) {
        lane.shownPosition.remove(waiting.job().jobKey());
        lettingGo(waiting, "its timeout could not be extended in time");
        return;
      }
    }
  }

  /**
   * The job may be another worker's by now: having stored and sent nothing, it is left to the
   * engine, without a command.
   */
  private void lettingGo(Waiting waiting, String why) {
    effects.abandon();
    LOG.info("Job {} left the line for room at the provider: {}", waiting.job().jobKey(), why);
  }

  /**
   * Publishes a waiting job's place in line when it changed, while the line waits for room at the
   * provider.
   */
  private void showPositions(Lane lane) {
    // A line that waits only for a create thread, not for room at the provider, moves within
    // seconds: showing every
    // place as it moves would cost the engine records in proportion to the square of the burst.
    if (lane.held < lane.limit) return;
    int position = 0;
    for (Waiting waiting : lane.line) {
      position++;
      Integer shown = lane.shownPosition.put(waiting.job().jobKey(), position);
      if (shown == null || shown != position) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("status", "waiting-to-submit");
        progress.put("position", position);
        progress.put("unfinishedAtProvider", lane.held);
        progress.put("checkedAt", clock.instant().toString());
        effects.inform(waiting.job(), WorkerVariables.PROGRESS, progress);
      }
    }
  }
}
