package dev.seedflow.seedance.worker.waiting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The read plan, with no engine and no clock: the lag bound, the prediction, the floor and the
 * ceiling.
 */
class PollPlannerTest {
  private static final Duration FLOOR = Duration.ofSeconds(10);
  private static final PollPlanner PLANNER =
      new PollPlanner(Duration.ofSeconds(55), Duration.ofMinutes(5), null);
  private static final String STANDARD = "dreamina-seedance-2-0-260128";

  private static TaskSnapshot task(TaskStatus status, Integer progress) {
    return new TaskSnapshot(
        "cgt-1", status, null, progress, null, null, STANDARD, null, null, 5, null, null, null,
        null, null);
  }

  @Test
  void theFirstReadComesAfterThePollIntervalWhateverTheModelUsuallyTakes() {
    assertThat(PLANNER.first(FLOOR)).isEqualTo(FLOOR);
    assertThat(
            new PollPlanner(Duration.ofSeconds(55), Duration.ofMinutes(5), Duration.ofSeconds(3))
                .first(FLOOR))
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void noGapIsLongerThanATenthOfTheTasksAgeOrThePollInterval() {
    // A standard model usually takes 137 s; the prior alone planned the next read at 121 s for a
    // task read at 55 s.
    for (TaskStatus status :
        new TaskStatus[] {TaskStatus.QUEUED, TaskStatus.RUNNING, TaskStatus.UNKNOWN}) {
      for (long ageSeconds : new long[] {1, 12, 55, 90, 300, 1800, 7200}) {
        Duration age = Duration.ofSeconds(ageSeconds);
        Duration next = PLANNER.next(FLOOR, task(status, null), age, null, null, Duration.ZERO);
        Duration bound = age.dividedBy(10).compareTo(FLOOR) > 0 ? age.dividedBy(10) : FLOOR;
        assertThat(next)
            .as("%s at %d s", status, ageSeconds)
            .isLessThanOrEqualTo(bound)
            .isGreaterThanOrEqualTo(FLOOR);
      }
    }
  }

  @Test
  void theCeilingHoldsForVeryOldTasks() {
    assertThat(
            PLANNER.next(
                FLOOR,
                task(TaskStatus.RUNNING, null),
                Duration.ofHours(10),
                null,
                null,
                Duration.ZERO))
        .isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aTaskLongQueuedIsReadOnceInMostOfARun() {
    // The whole run is still ahead of it: 80 % of a standard model's 137.5 s, well under the lag
    // bound at 30 minutes.
    assertThat(
            PLANNER.next(
                FLOOR,
                task(TaskStatus.QUEUED, null),
                Duration.ofMinutes(30),
                null,
                null,
                Duration.ZERO))
        .isEqualTo(Duration.ofMillis(110_000));
  }

  @Test
  void aProgressRateBringsTheReadToThePredictedEndLateByTheRatesUncertainty() {
    // 40 % -> 60 % in 20 s since it was first seen running: a point a second, the end 40 s away,
    // the rate known to one
    // point in twenty: read at 42 s.
    Duration next =
        PLANNER.next(
            FLOOR,
            task(TaskStatus.RUNNING, 60),
            Duration.ofSeconds(600),
            null,
            40,
            Duration.ofSeconds(20));
    assertThat(next).isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void aPredictedEndJustBeyondTheBoundIsReadThereNotAtTheBound() {
    // 50 s old, so the bound is the poll interval (10 s); 30 % -> 60 % in 10 s predicts the end
    // 13.3 s away (13.8 s with
    // the rate's uncertainty). Reading at 10 s would find it running and cost another 10 s.
    Duration next =
        PLANNER.next(
            FLOOR,
            task(TaskStatus.RUNNING, 60),
            Duration.ofSeconds(50),
            null,
            30,
            Duration.ofSeconds(10));
    assertThat(next).isBetween(Duration.ofMillis(13_777), Duration.ofMillis(13_778));
  }

  @Test
  void aPredictionFarBeyondTheBoundWaitsOnlyTheBound() {
    // 1 % -> 2 % in 10 s predicts 990 s; the task is 200 s old, so the read comes 20 s later.
    Duration next =
        PLANNER.next(
            FLOOR,
            task(TaskStatus.RUNNING, 2),
            Duration.ofSeconds(200),
            null,
            1,
            Duration.ofSeconds(10));
    assertThat(next).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void aTaskJustOutOfALongQueueIsReadAgainSoonToLearnItsRate() {
    // 30 minutes old, first seen running at 10 %: its age says 4.5 hours to go, but it queued most
    // of that; the usual
    // run says 124 s; half of that.
    Duration next =
        PLANNER.next(
            FLOOR, task(TaskStatus.RUNNING, 10), Duration.ofMinutes(30), null, 10, Duration.ZERO);
    assertThat(next).isEqualTo(Duration.ofMillis(61_875));
  }

  @Test
  void aTaskOutOfALongQueueWithoutProgressIsReadByItsRunNotItsAge() {
    // 30 minutes old, running for about 20 s: 80 % of what is left of a standard model's 137.5 s.
    // By its age it would be
    // long overdue, and read only at the lag bound, 180 s later.
    assertThat(
            PLANNER.next(
                FLOOR,
                task(TaskStatus.RUNNING, null),
                Duration.ofMinutes(30),
                Duration.ofSeconds(20),
                null,
                Duration.ZERO))
        .isEqualTo(Duration.ofSeconds(94));
    assertThat(
            PLANNER.next(
                FLOOR,
                task(TaskStatus.RUNNING, null),
                Duration.ofMinutes(30),
                null,
                null,
                Duration.ZERO))
        .isEqualTo(Duration.ofSeconds(180));
  }

  @Test
  void aFixedIntervalIsKeptExactly() {
    PollPlanner fixed =
        new PollPlanner(Duration.ofSeconds(55), Duration.ofMinutes(5), Duration.ofSeconds(10));
    assertThat(
            fixed.next(
                FLOOR,
                task(TaskStatus.QUEUED, null),
                Duration.ofHours(1),
                null,
                null,
                Duration.ZERO))
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void arkProgressIsEstimatedFromTheAgeAndNeverClaimsTheEnd() {
    // Standard 5 s video: 137.5 s usually.
    assertThat(PLANNER.estimatedProgress(task(TaskStatus.QUEUED, null), Duration.ofSeconds(30)))
        .isZero();
    assertThat(PLANNER.estimatedProgress(task(TaskStatus.RUNNING, null), Duration.ofSeconds(55)))
        .isEqualTo(40);
    assertThat(PLANNER.estimatedProgress(task(TaskStatus.RUNNING, null), Duration.ofMinutes(30)))
        .isEqualTo(95);
    assertThat(PLANNER.estimatedProgress(task(TaskStatus.RUNNING, 42), Duration.ofSeconds(55)))
        .as("the provider's own figure wins")
        .isNull();
    assertThat(PLANNER.estimatedProgress(task(TaskStatus.SUCCEEDED, null), Duration.ofSeconds(55)))
        .isNull();
  }
}
