package dev.seedflow.seedance.worker.submit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.CreateFingerprint;
import dev.seedflow.seedance.client.RetryPolicy;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.worker.engine.JobRef;
import dev.seedflow.seedance.worker.shared.JobStep;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import dev.seedflow.seedance.worker.waiting.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Settling a create whose outcome is unknown, without the engine: the real {@link LostCreates} on a
 * {@link ManualScheduler}'s clock, the real client reading a scripted Ark list over loopback HTTP,
 * and a record of what was decided ({@link SubmitEffects}). Each moment is exact, and minutes pass
 * in milliseconds. The loop through the worker (a job that settles, submits anew, and settles again
 * until three creates) stays on the engine (HostileVariablesTest), as do the kills (KillNineIT).
 */
class LostCreatesTest {
  private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");
  private static final String MODEL = "dreamina-seedance-2-0-260128";
  private static final CreateFingerprint PICKED =
      new CreateFingerprint(MODEL, 123_456_789L, true, 5, "16:9", "720p");

  /**
   * The intent, plus the 5 s a create may wait to be sent, plus the 5 s create deadline, plus the 3
   * s margin.
   */
  private static final Duration LOOKS_AFTER = Duration.ofSeconds(13);

  private static final JobRef JOB = RecordedSubmitEffects.job(7);
  private static final Instant LONG_OURS = START.plus(Duration.ofHours(1));

  @StartStop private final MockWebServer server = new MockWebServer();
  private final ManualScheduler scheduler = new ManualScheduler(START);
  private final RecordedSubmitEffects effects = new RecordedSubmitEffects();
  private final SeedanceClient client =
      new SeedanceClient(
          ClientSettings.forLocalRun()
              .withCallTimeouts(Duration.ofSeconds(45), Duration.ofSeconds(5))
              .withRetries(
                  new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)),
                  new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1))));
  private final List<String> outcomes = new ArrayList<>();
  private boolean stopping;
  private final LostCreates lostCreates =
      new LostCreates(
          client,
          effects,
          scheduler,
          Runnable::run,
          WorkerSettings.of(Map.of("lost-create-margin", "PT3S", "job-timeout", "PT1M")),
          () -> stopping,
          scheduler.clock());

  @AfterEach
  void close() {
    client.close();
  }

  private ProviderConfig ark() {
    return new ProviderConfig(ProviderType.ARK, server.url("/").toString(), "sk-unit");
  }

  private static SubmitIntent intent(int creates) {
    return new SubmitIntent("attempt-" + creates, START, MODEL, PICKED, creates);
  }

  private void settle(ProviderConfig provider, SubmitIntent intent, Instant ownedUntil) {
    lostCreates.settle(
        JOB,
        provider,
        intent,
        "the worker died inside the call",
        ownedUntil,
        (task, until) -> outcomes.add("resumed " + task.taskId() + " until " + until),
        until -> outcomes.add("submitted anew until " + until));
  }

  private void list(String... items) {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body("{\"total\": " + items.length + ", \"items\": [" + String.join(",", items) + "]}")
            .build());
  }

  private static String task(String id, long seed) {
    return "{\"id\": \""
        + id
        + "\", \"model\": \""
        + MODEL
        + "\", \"status\": \"running\", \"seed\": "
        + seed
        + ", \"duration\": 5, "
        + "\"ratio\": \"16:9\", \"resolution\": \"720p\", \"created_at\": "
        + START.plusSeconds(1).getEpochSecond()
        + "}";
  }

  @Test
  void theTaskTheListShowsIsResumedTheMomentTheCreateCannotStillBeInFlight() {
    list(task("cgt-other", 42), task("cgt-ours", PICKED.seed()));
    settle(ark(), intent(1), LONG_OURS);
    scheduler.pass(LOOKS_AFTER.minusMillis(1));
    assertThat(server.getRequestCount())
        .as("not looked for while the create may still be in flight")
        .isZero();
    scheduler.pass(Duration.ofMillis(1));
    assertThat(outcomes).containsExactly("resumed cgt-ours until " + LONG_OURS);
    assertThat(effects.events).containsExactly("entering " + JobStep.LOOKING_FOR_A_LOST_CREATE);
  }

  @Test
  void aListWithoutItMeansNothingWasMadeSoTheVideoIsSubmittedAnew() {
    list(task("cgt-other", 42));
    settle(ark(), intent(1), LONG_OURS);
    scheduler.pass(LOOKS_AFTER);
    assertThat(outcomes).containsExactly("submitted anew until " + LONG_OURS);
  }

  @Test
  void afterThreeCreatesThatTheListNeverShowedAPersonDecides() {
    list(task("cgt-other", 42));
    settle(ark(), intent(LostCreates.MOST_CREATES), LONG_OURS);
    scheduler.pass(LOOKS_AFTER);
    assertThat(outcomes).isEmpty();
    assertThat(effects.failures)
        .singleElement()
        .satisfies(
            failure ->
                assertThat(failure.getMessage())
                    .contains("SEEDANCE_SUBMIT_OUTCOME_UNKNOWN")
                    .contains("showed no task for 3 creates")
                    .contains("seed 123456789")
                    .contains("set the local variable seedanceTaskId"));
  }

  @Test
  void aListThatCannotBeReadAsksAPersonNamingWhy() {
    server.enqueue(
        new MockResponse.Builder()
            .code(500)
            .body("{\"error\": {\"code\": \"InternalServiceError\", \"message\": \"down\"}}")
            .build());
    settle(ark(), intent(1), LONG_OURS);
    scheduler.pass(LOOKS_AFTER);
    assertThat(outcomes).isEmpty();
    assertThat(effects.failures)
        .singleElement()
        .satisfies(
            failure ->
                assertThat(failure.getMessage())
                    .contains("the provider's task list could not be read to settle it")
                    .contains("InternalServiceError"));
  }

  @Test
  void anApiWithoutAListAsksAPersonAtOnce() {
    settle(
        new ProviderConfig(ProviderType.UNIFIED, server.url("/").toString(), "sk-unit"),
        intent(1),
        LONG_OURS);
    assertThat(effects.failures)
        .singleElement()
        .satisfies(
            failure ->
                assertThat(failure.getMessage())
                    .contains("an earlier attempt to create this video (attempt attempt-1")
                    .contains("Look for the task in the provider's console"));
    scheduler.pass(LOOKS_AFTER);
    assertThat(server.getRequestCount()).isZero();
    assertThat(outcomes).isEmpty();
  }

  @Test
  void aJobHeldTooBrieflyIsKeptForTheWholeLookFirst() {
    list(task("cgt-ours", PICKED.seed()));
    settle(ark(), intent(1), START.plusSeconds(2));
    // Ours until the look, its retries bounded by two read deadlines, and the verdict's job
    // timeout: 13 + 90 + 60 s.
    assertThat(effects.events).containsExactly("keep 7 for PT2M43S");
    scheduler.pass(LOOKS_AFTER);
    assertThat(outcomes).containsExactly("resumed cgt-ours until " + START.plusSeconds(163));
  }

  @Test
  void aJobTheEngineMayHaveGivenToAnotherIsLetGoWithoutALook() {
    effects.keepsConfirmed = false;
    settle(ark(), intent(1), START.plusSeconds(2));
    scheduler.pass(Duration.ofMinutes(5));
    assertThat(effects.events).containsExactly("keep 7 for PT2M43S", "abandon");
    assertThat(server.getRequestCount()).isZero();
    assertThat(outcomes).isEmpty();
  }

  @Test
  void aStoppingWorkerHandsWaitingLooksBackToTheEngine() {
    settle(ark(), intent(1), LONG_OURS);
    scheduler.pass(Duration.ofSeconds(1));
    lostCreates.handBackAll();
    stopping = true;
    settle(ark(), new SubmitIntent("attempt-9", START, MODEL, PICKED, 1), LONG_OURS);
    scheduler.pass(Duration.ofMinutes(5));
    assertThat(effects.events).containsExactly("hand back 7", "hand back 7");
    assertThat(server.getRequestCount()).isZero();
  }
}
