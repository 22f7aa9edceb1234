package dev.seedflow.seedance.worker.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedflow.seedance.worker.shared.WorkerSettings;
import dev.seedflow.seedance.worker.waiting.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Admission to a provider's queue without the engine: the real {@link ProviderQueue} on a {@link
 * ManualScheduler}'s clock and a record of what it decided ({@link SubmitEffects}). A burst against
 * an account's limit, end to end through the engine and the simulator, stays in AdmissionTest; here
 * each rule is shown at its exact moment.
 */
class ProviderQueueTest {
  private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");
  private static final String LANE = "ark|key";
  private static final Instant LONG_OURS = START.plus(Duration.ofHours(1));

  private final ManualScheduler scheduler = new ManualScheduler(START);
  private final RecordedSubmitEffects effects = new RecordedSubmitEffects();
  private final List<Long> submitted = new ArrayList<>();
  private final Map<Long, Admission> admitted = new HashMap<>();
  private boolean stopping;

  private ProviderQueue queue(String maxUnfinished, String jobTimeout) {
    ProviderQueue queue =
        new ProviderQueue(
            scheduler,
            effects,
            WorkerSettings.of(
                Map.of("max-unfinished-tasks", maxUnfinished, "job-timeout", jobTimeout)),
            () -> stopping,
            scheduler.clock());
    queue.start();
    return queue;
  }

  private void admit(ProviderQueue queue, long key, Instant deadline, Instant heldUntil) {
    queue.admit(
        LANE,
        new ProviderQueue.Waiting(
            RecordedSubmitEffects.job(key),
            admission -> {
              submitted.add(key);
              admitted.put(key, admission);
            },
            deadline,
            heldUntil));
  }

  private void admit(ProviderQueue queue, long... keys) {
    for (long key : keys) admit(queue, key, START.plus(Duration.ofHours(1)), LONG_OURS);
  }

  @Test
  void beyondTheAccountsRoomJobsWaitFirstInFirstOutAndSeeTheirPlace() {
    ProviderQueue queue = queue("2", "PT5M");
    admit(queue, 1, 2, 3, 4);
    scheduler.pass(Duration.ZERO);
    assertThat(submitted).containsExactly(1L, 2L);
    assertThat(effects.events)
        .filteredOn(event -> event.startsWith("inform"))
        .containsExactly(
            "inform 3 seedanceProgress={status=waiting-to-submit, position=1,"
                + " unfinishedAtProvider=2, checkedAt="
                + START
                + "}",
            "inform 4 seedanceProgress={status=waiting-to-submit, position=2,"
                + " unfinishedAtProvider=2, checkedAt="
                + START
                + "}");
    admitted.get(1L).createDone();
    admitted.get(2L).createDone();
    scheduler.pass(Duration.ofSeconds(30));
    admitted.get(1L).releaseSlot();
    scheduler.pass(Duration.ZERO);
    assertThat(submitted).containsExactly(1L, 2L, 3L);
    assertThat(effects.events)
        .contains(
            "inform 4 seedanceProgress={status=waiting-to-submit, position=1,"
                + " unfinishedAtProvider=2, checkedAt="
                + START.plusSeconds(30)
                + "}");
    assertThat(queue.inLine()).isEqualTo(1);
  }

  @Test
  void aFullQueueLowersTheLimitAndTheRefusedJobTriesAgainFirstAfterThePause() {
    ProviderQueue queue = queue("3", "PT5M");
    admit(queue, 1, 2, 3, 4);
    scheduler.pass(Duration.ZERO);
    assertThat(submitted).containsExactly(1L, 2L, 3L);
    admitted.get(1L).createDone();
    admitted.get(2L).createDone();
    admitted.get(3L).createDone();
    // 3's create was refused: two unfinished here is the account's room, and 3 goes before 4
    admitted.get(3L).refusedAsFull();
    scheduler.pass(Duration.ofSeconds(1));
    admitted.get(1L).releaseSlot(); // 1 ended: room for one, not before the pause after the refusal
    scheduler.pass(ProviderQueue.AFTER_REFUSAL.minusSeconds(2));
    assertThat(submitted).containsExactly(1L, 2L, 3L);
    scheduler.pass(Duration.ofSeconds(1));
    assertThat(submitted)
        .as("the refused job first, at the first tick after the pause")
        .containsExactly(1L, 2L, 3L, 3L);
    admitted.get(3L).createDone();
    queue.taken(LANE); // the provider took it: the estimate grows back by one
    scheduler.pass(Duration.ofSeconds(1));
    assertThat(submitted).containsExactly(1L, 2L, 3L, 3L, 4L);
    assertThat(effects.failures).isEmpty();
  }

  @Test
  void aJobThatFindsNoRoomWithinItsWaitFailsHavingPaidNothing() {
    ProviderQueue queue = queue("1", "PT5M");
    admit(queue, 1);
    admit(queue, 2, START.plusSeconds(5), LONG_OURS);
    scheduler.pass(Duration.ofSeconds(4));
    assertThat(effects.failures).isEmpty();
    scheduler.pass(Duration.ofSeconds(1));
    assertThat(submitted).containsExactly(1L);
    assertThat(effects.failures)
        .singleElement()
        .satisfies(
            failure ->
                assertThat(failure.getMessage())
                    .contains("SEEDANCE_WAIT_TIMEOUT")
                    .contains("nothing was submitted and nothing was paid")
                    .contains("Raise wait.timeout"));
    assertThat(queue.inLine()).isZero();
  }

  @Test
  void waitingJobsAreKeptOursAndOneWhoseKeepCameTooLateLeavesTheLine() {
    ProviderQueue queue = queue("1", "PT10S");
    admit(queue, 1, 2);
    scheduler.pass(Duration.ofSeconds(5));
    assertThat(effects.events).contains("keep 2 for PT10S").doesNotContain("keep 1 for PT10S");
    effects.keepsConfirmed = false;
    scheduler.pass(Duration.ofSeconds(5));
    assertThat(effects.events).endsWith("keep 2 for PT10S", "abandon");
    assertThat(queue.inLine()).isZero();
    admitted.get(1L).releaseSlot();
    scheduler.pass(Duration.ofSeconds(1));
    assertThat(submitted).as("a job let go is never submitted here").containsExactly(1L);
  }

  @Test
  void aJobWhoseHoldLapsedInLineIsLetGoNotSubmitted() {
    ProviderQueue queue = queue("1", "PT5M");
    admit(queue, 1);
    admit(queue, 2, START.plus(Duration.ofHours(1)), START.plusSeconds(3));
    scheduler.pass(Duration.ofSeconds(4));
    admitted.get(1L).releaseSlot();
    scheduler.pass(Duration.ZERO);
    assertThat(submitted).containsExactly(1L);
    assertThat(effects.events).endsWith("abandon");
  }

  @Test
  void aStoppingWorkerHandsTheLineBack() {
    ProviderQueue queue = queue("1", "PT5M");
    admit(queue, 1, 2, 3);
    scheduler.pass(Duration.ZERO);
    queue.handBackAll();
    stopping = true;
    admit(queue, 4);
    scheduler.pass(Duration.ofSeconds(1));
    assertThat(submitted).containsExactly(1L);
    assertThat(effects.events)
        .filteredOn(event -> event.startsWith("hand back"))
        .containsExactly("hand back 2", "hand back 3", "hand back 4");
  }

  @Test
  void anAdmissionGivesBackItsSlotAndItsPlaceOnceEachAndASecondReturnFailsLoudly() {
    ProviderQueue queue = queue("1", "PT5M");
    admit(queue, 1, 2);
    scheduler.pass(Duration.ZERO);
    Admission first = admitted.get(1L);
    first.createDone();
    first.slotToTheTask(); // the task holds the slot now, until its wait ends
    assertThatThrownBy(first::releaseSlot)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("job 1 gave back its slot in lane ark|key twice: a bug");
    assertThatThrownBy(first::createDone)
        .hasMessage("job 1 gave back its place among the creates twice: a bug");
    scheduler.pass(Duration.ofSeconds(1));
    assertThat(submitted).as("no double return freed a slot for 2").containsExactly(1L);
    queue.release(LANE); // the task's wait ended
    scheduler.pass(Duration.ZERO);
    assertThat(submitted).containsExactly(1L, 2L);
    assertThatThrownBy(
            () -> {
              queue.release(LANE); // 2 holds the only slot; a third release has none to free
              queue.release(LANE);
              scheduler.pass(Duration.ZERO);
            })
        .as("the scheduler's task threw, which the manual scheduler reports")
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("a slot in lane ark|key was given back with none held: a bug");
  }
}
