package dev.seedflow.seedance.worker.waiting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read budget of one provider and key, on a clock of our own. */
class RateBudgetTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void aBurstOfTenSecondsThenTheRate() {
    RateBudget budget = new RateBudget(60, T0); // one a second, a burst of ten
    for (int i = 0; i < 10; i++) assertThat(budget.take(T0)).isZero();
    assertThat(budget.take(T0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(budget.take(T0.plusSeconds(1))).isZero();
    assertThat(budget.take(T0.plusSeconds(1))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aRateLimitClosesItUntilTheProvidersTime() {
    RateBudget budget = new RateBudget(600, T0);
    budget.closeUntil(T0.plusSeconds(30));
    assertThat(budget.take(T0.plusSeconds(10))).isEqualTo(Duration.ofSeconds(20));
    budget.closeUntil(T0.plusSeconds(5)); // an earlier end never shortens the closure
    assertThat(budget.take(T0.plusSeconds(29))).isEqualTo(Duration.ofSeconds(1));
    assertThat(budget.take(T0.plusSeconds(30))).isZero();
  }

  @Test
  void aRateLimitHalvesTheRateAndItGrowsBackInAStraightLine() {
    RateBudget budget = new RateBudget(600, T0); // ten a second
    budget.refused(T0, T0);
    assertThat(budget.requestsPerMinute()).isEqualTo(300);
    assertThat(budget.take(T0))
        .as("the burst saved up is gone")
        .isBetween(Duration.ofMillis(190), Duration.ofMillis(200));
    budget.refused(T0, T0);
    assertThat(budget.requestsPerMinute()).isEqualTo(150);
    // Back by a constant step: the configured 600 a minute over RECOVERY (2 minutes) from nothing,
    // so 5 a minute a second.
    budget.take(T0.plusSeconds(30));
    assertThat(budget.requestsPerMinute()).isEqualTo(300);
    budget.take(T0.plusSeconds(90));
    assertThat(budget.requestsPerMinute()).isEqualTo(600);
    budget.take(T0.plusSeconds(600));
    assertThat(budget.requestsPerMinute()).as("never above the setting").isEqualTo(600);
  }

  @Test
  void repeatedRefusalsLeaveOneReadAMinute() {
    RateBudget budget = new RateBudget(600, T0);
    for (int i = 0; i < 20; i++) budget.refused(T0, T0);
    assertThat(budget.requestsPerMinute()).isEqualTo(1);
    // Not a minute away: the rate grows by 5 a minute each second, so the next whole request comes
    // in within seconds.
    assertThat(budget.take(T0)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(5));
  }

  @Test
  void readsSentBeforeACutDoNotCutAgain() {
    RateBudget budget = new RateBudget(600, T0);
    budget.refused(T0, T0.plusMillis(100));
    // Four more reads of the same burst come back refused: they left before the cut, so it already
    // answered them.
    for (int i = 0; i < 4; i++) budget.refused(T0, T0.plusMillis(150));
    assertThat(budget.requestsPerMinute()).isEqualTo(300);
    // A read sent after the cut and refused again says the halved rate is still too much.
    budget.refused(T0.plusSeconds(1), T0.plusMillis(1100));
    assertThat(budget.requestsPerMinute())
        .as("305 a minute by then, halved")
        .isBetween(152.0, 153.0);
  }

  /**
   * Three replicas, one key, a provider that takes 300 a minute: each halves on its refusals and
   * they settle under it.
   */
  @Test
  void replicasSharingAKeySettleUnderTheProvidersLimit() {
    List<RateBudget> replicas =
        List.of(new RateBudget(600, T0), new RateBudget(600, T0), new RateBudget(600, T0));
    double providerPerMinute = 300;
    int refusedEarly = 0, refusedLate = 0;
    for (int second = 0; second < 600; second++) {
      Instant now = T0.plusSeconds(second);
      double asked = replicas.stream().mapToDouble(RateBudget::requestsPerMinute).sum();
      if (asked > providerPerMinute) {
        // The provider refuses the excess; each replica gets its share of refusals.
        replicas.forEach(replica -> replica.refused(now, now));
        if (second < 60) refusedEarly++;
        else refusedLate++;
      }
      replicas.forEach(replica -> replica.take(now));
    }
    double settled = replicas.stream().mapToDouble(RateBudget::requestsPerMinute).sum();
    assertThat(refusedEarly).as("the first burst is refused").isPositive();
    assertThat(refusedLate)
        .as(
            "then refusals come only as the rates probe upwards: once a half-minute or so, not"
                + " every second")
        .isLessThan(60);
    assertThat(settled).isLessThanOrEqualTo(providerPerMinute * 1.05);
  }
}
