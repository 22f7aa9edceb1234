package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
}
