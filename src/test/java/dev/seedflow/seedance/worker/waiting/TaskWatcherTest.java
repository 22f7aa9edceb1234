package dev.seedflow.seedance.worker.waiting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.TaskReads;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.FailurePolicy;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.store.KeepPlan;
import dev.seedflow.seedance.worker.engine.JobRef;
import dev.seedflow.seedance.worker.keeping.VideoToKeep;
import dev.seedflow.seedance.worker.shared.JobKind;
import dev.seedflow.seedance.worker.shared.JobStep;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The wait's logic without the engine or HTTP: the real {@link TaskWatcher} on a {@link
 * ManualScheduler}'s clock, a provider served from memory ({@link TaskReader}) and a record of what
 * the wait decided ({@link WaitEffects}). Waits of minutes run in milliseconds, and every moment is
 * exact. The engine-level tests keep what needs the engine: the job's variables and commands
 * (WorkerEndToEndTest).
 */
class TaskWatcherTest {
  private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");
  private static final ProviderConfig ARK =
      new ProviderConfig(ProviderType.ARK, "https://ark.example", "sk-unit");
  private static final ProviderConfig GATEWAY =
      new ProviderConfig(ProviderType.UNIFIED, "https://gateway.example", "sk-unit");

  private final ManualScheduler scheduler = new ManualScheduler(START);
  private final Provider provider = new Provider();
  private final Effects effects = new Effects();
  private boolean stopping;

  private TaskWatcher watcher(Map<String, String> settings) {
    return new TaskWatcher(
        provider,
        effects,
        WorkerSettings.of(settings),
        scheduler,
        Runnable::run,
        () -> stopping,
        scheduler.clock());
  }

  private TaskWatcher watcher() {
    return watcher(Map.of("job-timeout", "PT1M", "requests-per-minute", "600000"));
  }

  private WaitingJob job(
      long key, ProviderConfig at, String taskId, Duration timeout, Duration pollInterval) {
    JobRef ref =
        new JobRef(
            JobKind.GENERATE,
            key,
            key + 1,
            key + 2,
            "unit",
            3,
            START.plusSeconds(60).toEpochMilli(),
            Map.of(),
            "<default>");
    return new WaitingJob(
        ref,
        at,
        taskId,
        START,
        timeout,
        pollInterval,
        KeepPlan.NOTHING,
        null,
        scheduler.now(),
        START.plusSeconds(30));
  }

  @Test
  void aTaskThatEndsBetweenTwoPlannedReadsJustBeforeTheDeadlineIsFoundByTheReadAtTheDeadline() {
    provider.task(
        "cgt-late",
        now ->
            now.isBefore(START.plusMillis(4300))
                ? running("cgt-late", null)
                : succeeded("cgt-late"));
    watcher().watch(job(1, ARK, "cgt-late", Duration.ofSeconds(5), Duration.ofSeconds(2)));

    scheduler.pass(Duration.ofMinutes(1));

    assertThat(effects.ready).containsExactly("cgt-late");
    assertThat(effects.failures).isEmpty();
    assertThat(provider.readsAt)
        .as("the last read is at the deadline, not at the next planned read after it")
        .last()
        .isEqualTo(START.plusSeconds(5));
  }

  /**
   * The planner's prior is a standard model's usual run, minutes: a task far quicker is still seen
   * within seconds.
   */
  @Test
  void aTaskThatEndsSecondsAfterItWasCreatedIsSeenWithinSecondsNotAtTheModelsUsualRun() {
    provider.task(
        "cgt-quick",
        now ->
            now.isBefore(START.plusSeconds(3))
                ? running("cgt-quick", null)
                : succeeded("cgt-quick"));
    watcher().watch(job(1, ARK, "cgt-quick", Duration.ofMinutes(2), Duration.ofSeconds(1)));

    scheduler.pass(Duration.ofMinutes(2));

    assertThat(effects.ready).containsExactly("cgt-quick");
    assertThat(provider.readsAt.getLast()).isBetween(START.plusSeconds(3), START.plusSeconds(6));
  }

  /**
   * A task that queued for half an hour and then runs a minute, at a provider that reports no
   * progress: its run is counted from when it began to run, so the finish is seen within about a
   * minute, not at the lag bound of its age (three minutes at that age), which counting from its
   * creation would wait for.
   */
  @Test
  void aTaskOutOfALongQueueIsReadByItsRunNotItsAge() {
    Instant runs = START.plusSeconds(1800), ends = runs.plusSeconds(60);
    provider.task(
        "cgt-queued",
        now ->
            now.isBefore(runs)
                ? queued("cgt-queued")
                : now.isBefore(ends) ? running("cgt-queued", null) : succeeded("cgt-queued"));
    watcher().watch(job(1, ARK, "cgt-queued", Duration.ofHours(2), Duration.ofSeconds(10)));

    scheduler.pass(Duration.ofMinutes(40));

    assertThat(effects.ready).containsExactly("cgt-queued");
    assertThat(Duration.between(ends, provider.readsAt.getLast()))
        .isLessThan(Duration.ofSeconds(75));
  }

  @Test
  void aTimeoutComesAfterARealReadAtTheDeadlineAndQuotesIt() {
    provider.task("cgt-stuck", now -> running("cgt-stuck", null));
    watcher().watch(job(1, ARK, "cgt-stuck", Duration.ofSeconds(3), Duration.ofSeconds(10)));

    scheduler.pass(Duration.ofMinutes(1));

    assertThat(provider.readsAt)
        .as("the poll interval is longer than the whole wait: read once, at the deadline")
        .containsExactly(START.plusSeconds(3));
    assertThat(effects.failures)
        .singleElement()
        .satisfies(
            failure ->
                assertThat(failure.getMessage())
                    .contains("SEEDANCE_WAIT_TIMEOUT")
                    .contains("PT3S")
                    .contains("the last readable answer, at " + START.plusSeconds(3))
                    .contains("said running")
                    .contains("may still finish"));
    assertThat(effects.slotsReleased).isEqualTo(1);
  }

  /**
   * Unreadable answers after a readable one: the timeout quotes the last readable answer as such,
   * and claims nothing since.
   */
  @Test
  void aTimeoutAfterUnreadableAnswersSaysWhatWasLastKnownAndThatNothingIsKnownSince() {
    provider.task("cgt-garbled", now -> running("cgt-garbled", null));
    watcher().watch(job(1, ARK, "cgt-garbled", Duration.ofMinutes(1), Duration.ofSeconds(1)));
    while (provider.readsAt.isEmpty()) scheduler.pass(Duration.ofMillis(100));
    Instant readable = provider.readsAt.getLast();
    provider.refuseNext(FailurePolicy.MOST_FAILED_READS - 1, ErrorCode.BAD_RESPONSE);

    scheduler.pass(Duration.ofMinutes(2));

    assertThat(effects.failures)
        .singleElement()
        .satisfies(
            failure ->
                assertThat(failure.getMessage())
                    .contains("SEEDANCE_WAIT_TIMEOUT")
                    .contains("the last readable answer, at " + readable + ", said running")
                    .containsPattern(
                        "after it, [0-9]+ reads in a row failed \\(the last with"
                            + " SEEDANCE_BAD_RESPONSE\\)")
                    .contains("is not known: it may have finished, failed or still be running")
                    .doesNotContain("may still finish"));
  }

  /**
   * A success with no video URL is read once more: an answer caught half written completes with its
   * video; a second such answer ends the job with an incident, never a completion.
   */
  @Test
  void aSuccessWithNoVideoIsReadOnceMoreThenIsAnIncident() {
    TaskSnapshot empty =
        new TaskSnapshot(
            "cgt-empty",
            TaskStatus.SUCCEEDED,
            "succeeded",
            100,
            null,
            null,
            "m",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    List<Instant> halfWritten = new ArrayList<>();
    provider.task(
        "cgt-late",
        now -> {
          halfWritten.add(now);
          return halfWritten.size() == 1
              ? new TaskSnapshot(
                  "cgt-late",
                  TaskStatus.SUCCEEDED,
                  "succeeded",
                  100,
                  null,
                  null,
                  "m",
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null)
              : succeeded("cgt-late");
        });
    provider.task("cgt-empty", now -> empty);
    TaskWatcher watcher = watcher();
    watcher.watch(job(1, ARK, "cgt-late", Duration.ofMinutes(10), Duration.ofSeconds(1)));
    watcher.watch(job(2, ARK, "cgt-empty", Duration.ofMinutes(10), Duration.ofSeconds(1)));

    scheduler.pass(Duration.ofMinutes(1));

    assertThat(effects.ready).containsExactly("cgt-late");
    assertThat(halfWritten).as("read once more, and no more").hasSize(2);
    assertThat(effects.failures)
        .singleElement()
        .satisfies(
            failure ->
                assertThat(failure.getMessage())
                    .contains("SEEDANCE_BAD_RESPONSE")
                    .contains("succeeded, but its answer holds no video URL")
                    .contains("cgt-empty"));
  }

  @Test
  void readsRefusedForTheKeysRateAreNotTheTasksFailuresAndTheWaitGoesOn() {
    // More refusals in a row than failed reads a task tolerates: a 429 speaks of the key, so the
    // budget slows instead.
    provider.refuseNext(FailurePolicy.MOST_FAILED_READS + 5, ErrorCode.RATE_LIMITED);
    provider.task(
        "cgt-busy",
        now ->
            now.isBefore(START.plusSeconds(2)) ? running("cgt-busy", null) : succeeded("cgt-busy"));
    watcher().watch(job(1, ARK, "cgt-busy", Duration.ofHours(1), Duration.ofMillis(200)));

    scheduler.pass(Duration.ofHours(1));

    assertThat(provider.refused).isEqualTo(FailurePolicy.MOST_FAILED_READS + 5);
    assertThat(effects.ready).containsExactly("cgt-busy");
    assertThat(effects.failures).isEmpty();
  }

  @Test
  void aProviderInTroubleIsReadAgainUntilThePolicysLimitThenTheWaitEndsWithItsWords() {
    provider.refuseNext(1000, ErrorCode.PROVIDER_UNAVAILABLE);
    provider.task("cgt-down", now -> running("cgt-down", null));
    watcher().watch(job(1, ARK, "cgt-down", Duration.ofDays(2), Duration.ofSeconds(1)));

    scheduler.pass(Duration.ofDays(2));

    assertThat(provider.refused).isEqualTo(FailurePolicy.MOST_FAILED_READS);
    assertThat(effects.failures)
        .singleElement()
        .satisfies(
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE));
  }

  @Test
  void aTaskTheProviderDoesNotKnowIsReadThePolicysFewTimesThenEnds() {
    watcher().watch(job(1, ARK, "cgt-unknown", Duration.ofHours(1), Duration.ofSeconds(1)));

    scheduler.pass(Duration.ofHours(1));

    assertThat(provider.readsAt).hasSize(FailurePolicy.NOT_FOUND_READS);
    assertThat(effects.failures)
        .singleElement()
        .satisfies(failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
  }

  @Test
  void progressOfAProviderThatReportsNoneIsPublishedAsAnEstimateWhenItChanges() {
    provider.task(
        "cgt-watched",
        now ->
            now.isBefore(START.plusSeconds(6))
                ? running("cgt-watched", null)
                : succeeded("cgt-watched"));
    watcher(
            Map.of(
                "job-timeout",
                "PT1M",
                "requests-per-minute",
                "600000",
                "progress-interval",
                "PT0.1S"))
        .watch(job(1, ARK, "cgt-watched", Duration.ofMinutes(5), Duration.ofMillis(500)));

    scheduler.pass(Duration.ofMinutes(5));

    assertThat(effects.ready).containsExactly("cgt-watched");
    assertThat(effects.progress)
        .as("published while it ran")
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(
            progress -> {
              assertThat(progress.estimated()).isTrue();
              assertThat(progress.progress()).isNotNull().isBetween(0, 99);
            });
    assertThat(effects.progress).extracting(TaskProgress::progress).isSorted();
  }

  @Test
  void readsDueTogetherAtAProviderThatReadsManyGoOutAsOneRequest() {
    for (int i = 0; i < 3; i++) provider.task("cgt-" + i, now -> running("any", null));
    TaskWatcher watcher = watcher();
    for (int i = 0; i < 3; i++)
      watcher.watch(job(i * 10, ARK, "cgt-" + i, Duration.ofMinutes(1), Duration.ofSeconds(5)));

    scheduler.pass(Duration.ofSeconds(6));

    assertThat(provider.requests)
        .singleElement()
        .satisfies(
            request -> assertThat(request).containsExactlyInAnyOrder("cgt-0", "cgt-1", "cgt-2"));
  }

  @Test
  void atAProviderThatReadsOneAtATimeEachTaskIsItsOwnRequest() {
    for (int i = 0; i < 3; i++) provider.task("task-" + i, now -> running("any", 40));
    TaskWatcher watcher = watcher();
    for (int i = 0; i < 3; i++)
      watcher.watch(
          job(i * 10, GATEWAY, "task-" + i, Duration.ofMinutes(1), Duration.ofSeconds(5)));

    scheduler.pass(Duration.ofSeconds(6));

    assertThat(provider.requests)
        .hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(request -> assertThat(request).hasSize(1));
  }

  @Test
  void aLongWaitKeepsItsJobOursWithoutAnyReadDoingIt() {
    provider.task("cgt-long", now -> running("cgt-long", null));
    watcher().watch(job(1, ARK, "cgt-long", Duration.ofMinutes(10), Duration.ofMinutes(5)));

    scheduler.pass(Duration.ofMinutes(9));

    // Job timeout 1 minute: extended every half of it, from the first extension at 30 s.
    assertThat(effects.extensions).hasSizeBetween(17, 18);
    assertThat(effects.failures).isEmpty();
    assertThat(effects.handedBack).isEmpty();
  }

  @Test
  void aStoppingWorkerHandsEveryWaitingJobBackAndFreesItsPlaces() {
    provider.task("cgt-a", now -> running("cgt-a", null));
    provider.task("cgt-b", now -> running("cgt-b", null));
    TaskWatcher watcher = watcher();
    watcher.watch(job(1, ARK, "cgt-a", Duration.ofMinutes(10), Duration.ofSeconds(5)));
    watcher.watch(job(2, ARK, "cgt-b", Duration.ofMinutes(10), Duration.ofSeconds(5)));
    scheduler.pass(Duration.ofSeconds(12));
    assertThat(watcher.waiting()).isEqualTo(2);

    stopping = true;
    watcher.handBackAll();

    assertThat(effects.handedBack).containsExactlyInAnyOrder(1L, 2L);
    assertThat(effects.slotsHeld).isEqualTo(2);
    assertThat(effects.slotsReleased).isEqualTo(2);
    assertThat(watcher.waiting()).isZero();
    scheduler.pass(Duration.ofMinutes(1));
    assertThat(effects.failures).isEmpty();
    assertThat(effects.ready).isEmpty();
  }

  @Test
  void aProvidersValueThatBreaksTheWaitEndsOnlyThatJob() {
    provider.task(
        "cgt-odd",
        now -> {
          throw new IllegalStateException("a value nothing foresaw");
        });
    provider.task("cgt-fine", now -> succeeded("cgt-fine"));
    TaskWatcher watcher = watcher();
    watcher.watch(job(1, GATEWAY, "cgt-odd", Duration.ofMinutes(1), Duration.ofSeconds(1)));
    watcher.watch(job(2, GATEWAY, "cgt-fine", Duration.ofMinutes(1), Duration.ofSeconds(1)));

    scheduler.pass(Duration.ofMinutes(1));

    assertThat(effects.unexpected).containsExactly(JobStep.READING_THE_TASK);
    assertThat(effects.ready).containsExactly("cgt-fine");
    assertThat(effects.slotsReleased).isEqualTo(2);
  }

  /**
   * A task that calls back: the fallback's first read waits twice the typical run, and a callback
   * brings the read to the moment it arrives. A callback for another element instance, or another
   * task, moves nothing; repeats within a second of a read cost no read.
   */
  @Test
  void aCallbackBringsTheReadOfItsTaskToNowAndOnlyThat() {
    Instant ends = START.plusSeconds(40);
    provider.task(
        "cgt-called",
        now -> now.isBefore(ends) ? running("cgt-called", null) : succeeded("cgt-called"));
    TaskWatcher watcher =
        watcher(
            Map.of("job-timeout", "PT1M", "requests-per-minute", "600000", "typical-run", "PT55S"));
    WaitingJob job =
        job(1, ARK, "cgt-called", Duration.ofHours(1), Duration.ofSeconds(5))
            .expectingCallback(false);
    watcher.watch(job);
    scheduler.pass(Duration.ofSeconds(30));
    assertThat(provider.readsAt)
        .as("no read before the callback: the fallback waits twice the typical run")
        .isEmpty();

    scheduler.pass(Duration.ofSeconds(10)); // the task ends at 40 s, and calls back
    var otherInstance = watcher.hint("cgt-called", 999);
    var otherTask = watcher.hint("cgt-other", job.job.elementInstanceKey());
    scheduler.pass(Duration.ofMillis(1));
    assertThat(otherInstance.join()).as("a token of another element instance").isFalse();
    assertThat(otherTask.join()).isFalse();
    assertThat(provider.readsAt).isEmpty();

    var ours = watcher.hint("cgt-called", job.job.elementInstanceKey());
    var repeat = watcher.hint("cgt-called", job.job.elementInstanceKey());
    scheduler.pass(Duration.ofMillis(1));
    assertThat(ours.join()).isTrue();
    assertThat(repeat.join()).as("a repeat").isTrue();
    assertThat(provider.readsAt)
        .as("one read, at the callback")
        .containsExactly(ends.plusMillis(1));
    assertThat(effects.ready).containsExactly("cgt-called");
  }

  /**
   * The callback comes while the fallback's read is in flight, and that read was answered just
   * before the task ended: the hint is not lost, and the next read comes a second later instead of
   * at the stretched fallback's time.
   */
  @Test
  void aCallbackDuringAReadBringsTheNextReadToASecondAfterIt() {
    Instant ends = START.plusSeconds(110);
    TaskWatcher watcher =
        watcher(
            Map.of("job-timeout", "PT1M", "requests-per-minute", "600000", "typical-run", "PT55S"));
    WaitingJob job =
        job(1, ARK, "cgt-race", Duration.ofHours(1), Duration.ofSeconds(5))
            .expectingCallback(false);
    provider.task(
        "cgt-race",
        now -> {
          if (now.isBefore(ends)) return running("cgt-race", null);
          if (now.equals(ends)) {
            watcher.hint(
                "cgt-race",
                job.job.elementInstanceKey()); // the provider ends the task and calls back as this
            // read is answered
            return running("cgt-race", null);
          }
          return succeeded("cgt-race");
        });
    watcher.watch(job);

    scheduler.pass(Duration.ofMinutes(3));

    assertThat(provider.readsAt)
        .as("the fallback's read at twice the typical run, then one a second after it")
        .containsExactly(ends, ends.plusSeconds(1));
    assertThat(effects.ready).containsExactly("cgt-race");
  }

  @Test
  void withoutItsCallbackATaskIsStillFoundByTheStretchedFallbackReads() {
    Instant ends = START.plusSeconds(200);
    provider.task(
        "cgt-lost", now -> now.isBefore(ends) ? running("cgt-lost", null) : succeeded("cgt-lost"));
    watcher(Map.of("job-timeout", "PT1M", "requests-per-minute", "600000", "typical-run", "PT55S"))
        .watch(
            job(1, ARK, "cgt-lost", Duration.ofHours(1), Duration.ofSeconds(5))
                .expectingCallback(false));

    scheduler.pass(Duration.ofMinutes(30));

    assertThat(effects.ready).containsExactly("cgt-lost");
    assertThat(provider.readsAt.getFirst()).isEqualTo(START.plusSeconds(110));
    assertThat(provider.readsAt).as("few reads: " + provider.readsAt).hasSizeLessThanOrEqualTo(4);
    assertThat(Duration.between(ends, provider.readsAt.getLast()))
        .as("the lag a lost callback costs")
        .isLessThan(Duration.ofMinutes(5));
  }

  /**
   * A task queued half an hour while a callback is expected: it calls back when it starts and when
   * it ends, so the fallback reads a queued task only at the longest gap, stretched (20 minutes by
   * default); both callbacks lost, it is still found.
   */
  @Test
  void aQueuedTaskThatWillCallBackIsReadRarelyAndStillFoundWhenBothCallbacksAreLost() {
    Instant running = START.plus(Duration.ofMinutes(30));
    Instant ends = running.plusSeconds(90);
    provider.task(
        "cgt-queued",
        now ->
            now.isBefore(running)
                ? queued("cgt-queued")
                : now.isBefore(ends) ? running("cgt-queued", null) : succeeded("cgt-queued"));
    watcher(Map.of("job-timeout", "PT1M", "requests-per-minute", "600000", "typical-run", "PT55S"))
        .watch(
            job(1, ARK, "cgt-queued", Duration.ofHours(2), Duration.ofSeconds(5))
                .expectingCallback(false));

    scheduler.pass(Duration.ofHours(1));

    assertThat(effects.ready).containsExactly("cgt-queued");
    assertThat(provider.readsAt)
        .as("reads: " + provider.readsAt)
        .containsExactly(
            START.plusSeconds(110),
            START.plusSeconds(110).plus(Duration.ofMinutes(20)),
            START.plusSeconds(110).plus(Duration.ofMinutes(40)));
  }

  /**
   * A host that calls back once, at the end, signed, and delivers again until acknowledged (fal,
   * Replicate): the fallback reads a running task only at the longest gap, stretched, and a
   * verified delivery ends the wait with no read of its own. A delivery for another task, or
   * another element instance, changes nothing.
   */
  @Test
  void aHostsVerifiedDeliveryEndsTheWaitWithoutARead() {
    ProviderConfig replicate =
        new ProviderConfig(ProviderType.REPLICATE, "https://replicate.example", "r8_unit");
    provider.task("p-host", now -> running("p-host", null));
    TaskWatcher watcher =
        watcher(
            Map.of("job-timeout", "PT1M", "requests-per-minute", "600000", "typical-run", "PT55S"));
    WaitingJob job =
        job(1, replicate, "p-host", Duration.ofHours(2), Duration.ofSeconds(5))
            .expectingCallback(true);
    watcher.watch(job);
    scheduler.pass(Duration.ofMinutes(10));
    assertThat(provider.readsAt)
        .as("one read at twice the typical run, the next only 20 minutes later")
        .containsExactly(START.plusSeconds(110));
    watcher.deliver(job.job.elementInstanceKey(), succeeded("p-other"));
    watcher.deliver(999, succeeded("p-host"));
    scheduler.pass(Duration.ofSeconds(1));
    assertThat(effects.ready).isEmpty();
    watcher.deliver(job.job.elementInstanceKey(), succeeded("p-host"));
    scheduler.pass(Duration.ofSeconds(1));
    assertThat(effects.ready).containsExactly("p-host");
    assertThat(provider.readsAt).as("no read for the delivery").hasSize(1);
    assertThat(watcher.waiting()).isZero();
  }

  /**
   * The same 30 tasks, queued 10 minutes then running 35-75 s, at a gateway that reads one task per
   * request: adaptive reads (the poll interval as a floor, gaps growing with the task's age)
   * against a fixed 10 s interval. Real durations, on the manual clock. bench/results.md measures
   * every class of task, with the lag.
   */
  @Test
  void adaptiveReadsCostLessThanAFixedIntervalOnTheSameTasks() {
    double adaptive = new TaskWatcherTest().readsPerVideo(Map.of("typical-run", "PT55S"));
    double fixed = new TaskWatcherTest().readsPerVideo(Map.of("fixed-poll-interval", "PT10S"));
    System.out.printf(
        "status reads per video (a gateway, 30 tasks queued 10 minutes): adaptive %.2f, fixed 10 s"
            + " %.2f, ratio %.2f%n",
        adaptive, fixed, adaptive / fixed);
    assertThat(adaptive)
        .as("status reads per video: adaptive %.2f, fixed 10 s %.2f", adaptive, fixed)
        .isLessThan(fixed * 0.75);
  }

  private double readsPerVideo(Map<String, String> mode) {
    Map<String, String> settings = new HashMap<>(mode);
    settings.putAll(Map.of("job-timeout", "PT1M", "requests-per-minute", "600000"));
    TaskWatcher watcher = watcher(settings);
    int videos = 30;
    for (int i = 0; i < videos; i++) {
      Instant running = START.plusSeconds(600);
      Instant done = running.plusSeconds(35 + i * 40L / (videos - 1));
      String taskId = "task-" + i;
      provider.task(
          taskId,
          now ->
              now.isBefore(running)
                  ? queued(taskId)
                  : now.isBefore(done) ? running(taskId, 50) : succeeded(taskId));
      watcher.watch(job(i * 10L, GATEWAY, taskId, Duration.ofHours(1), Duration.ofSeconds(10)));
    }
    scheduler.pass(Duration.ofHours(1));
    assertThat(effects.ready).hasSize(videos);
    return (double) provider.readsAt.size() / videos;
  }

  private static TaskSnapshot queued(String taskId) {
    return new TaskSnapshot(
        taskId,
        TaskStatus.QUEUED,
        "queued",
        null,
        null,
        null,
        "m",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static TaskSnapshot running(String taskId, Integer progress) {
    return new TaskSnapshot(
        taskId,
        TaskStatus.RUNNING,
        "running",
        progress,
        null,
        null,
        "m",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static TaskSnapshot succeeded(String taskId) {
    return new TaskSnapshot(
        taskId,
        TaskStatus.SUCCEEDED,
        "succeeded",
        100,
        "https://media.example/" + taskId + ".mp4",
        null,
        "m",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * A provider from memory: each task's answer at a moment of the scheduler's clock, and refusals
   * on demand.
   */
  private final class Provider implements TaskReader {
    final Map<String, Function<Instant, TaskSnapshot>> tasks = new HashMap<>();
    final List<Instant> readsAt = new ArrayList<>();
    final List<List<String>> requests = new ArrayList<>();
    int refuseNext;
    ErrorCode refusal;
    int refused;

    void task(String taskId, Function<Instant, TaskSnapshot> answer) {
      tasks.put(taskId, answer);
    }

    void refuseNext(int times, ErrorCode code) {
      refuseNext = times;
      refusal = code;
    }

    @Override
    public int tasksPerRead(ProviderConfig at) {
      return Dialect.of(at.type()).maxTasksPerRead(); // Ark's list: 500
    }

    @Override
    public TaskReads read(ProviderConfig at, List<String> taskIds) {
      readsAt.add(scheduler.now());
      requests.add(List.copyOf(taskIds));
      if (refuseNext > 0) {
        refuseNext--;
        refused++;
        throw SeedanceException.of(refusal, "refused for the test").build();
      }
      Map<String, TaskSnapshot> found = new HashMap<>();
      for (String id : taskIds) {
        Function<Instant, TaskSnapshot> answer = tasks.get(id);
        if (answer != null) found.put(id, answer.apply(scheduler.now()));
      }
      return new TaskReads(found, Map.of());
    }
  }

  /** What the wait decided, in order. */
  private static final class Effects implements WaitEffects {
    final List<String> ready = new ArrayList<>();
    final List<SeedanceException> failures = new ArrayList<>();
    final List<JobStep> unexpected = new ArrayList<>();
    final List<Long> handedBack = new ArrayList<>();
    final List<Long> extensions = new ArrayList<>();
    final List<TaskProgress> progress = new ArrayList<>();
    int slotsHeld;
    int slotsReleased;

    @Override
    public void entering(JobStep step) {}

    @Override
    public void videoReady(VideoToKeep job, TaskSnapshot task) {
      ready.add(task.taskId());
    }

    @Override
    public void fail(JobRef job, SeedanceException failure) {
      failures.add(failure);
    }

    @Override
    public void failUnexpectedly(JobRef job, JobStep step, Throwable bug, String taskId) {
      unexpected.add(step);
    }

    @Override
    public void handBack(JobRef job) {
      handedBack.add(job.jobKey());
    }

    @Override
    public void extendTimeout(JobRef job, Duration timeout) {
      extensions.add(job.jobKey());
    }

    @Override
    public void progress(JobRef job, TaskProgress published) {
      progress.add(published);
    }

    @Override
    public void holdSlot(String lane) {
      slotsHeld++;
    }

    @Override
    public void releaseSlot(String lane) {
      slotsReleased++;
    }
  }
}
