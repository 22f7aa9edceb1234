package dev.seedflow.seedance.worker.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedflow.seedance.cost.CostEstimate;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.worker.waiting.ManualScheduler;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-process ledger on its own: the money cap, a job that comes back, a reservation released,
 * the sum an instance carries, and the sweep that keeps memory to the instances still calling. (The
 * race between parallel calls is {@code ProcessBudgetTest}'s, on the engine.)
 */
class ProcessBudgetsTest {
  /** Its clock, which the test moves on. */
  private final ManualScheduler time = new ManualScheduler(Instant.parse("2026-12-07T12:00:00Z"));

  private static final String MODEL = "dreamina-seedance-2-0-fast-260128";
  private final ProcessBudgets budgets = new ProcessBudgets(time.clock());

  private static CostEstimate costing(long tokens, String cost) {
    return new CostEstimate(
        tokens, new BigDecimal(cost), "USD", false, "720p 16:9 x 5 s", 5.0, null);
  }

  @Test
  void theMoneyCapSumsTheInstancesEstimates() {
    budgets.reserve(1, 10, costing(100, "0.60"), MODEL, null, new BigDecimal("1.00"), Map.of());
    assertThatThrownBy(
            () ->
                budgets.reserve(
                    1, 11, costing(100, "0.60"), MODEL, null, new BigDecimal("1.00"), Map.of()))
        .isInstanceOf(SeedanceException.class)
        .hasMessageContaining("would cost 0.60 USD")
        .hasMessageContaining("already reserved 0.60 USD of its budget.maxCostPerProcess 1.00 USD")
        .hasMessageContaining("0.40 USD left");
    assertThat(
            budgets.reserve(
                2, 12, costing(100, "0.60"), MODEL, null, new BigDecimal("1.00"), Map.of()))
        .as("another instance has its own sum")
        .containsOnlyKeys(12L);
  }

  @Test
  void aJobThatComesBackReplacesItsOwnReservationAndAReleasedOneFrees() {
    budgets.reserve(1, 10, costing(100, "0"), MODEL, 150L, null, Map.of());
    assertThat(budgets.reserve(1, 10, costing(100, "0"), MODEL, 150L, null, Map.of()))
        .as("the same job again: counted once")
        .containsOnlyKeys(10L);
    assertThatThrownBy(() -> budgets.reserve(1, 11, costing(100, "0"), MODEL, 150L, null, Map.of()))
        .hasMessageContaining("50 tokens left");
    budgets.release(1, 10);
    assertThat(budgets.reserve(1, 11, costing(100, "0"), MODEL, 150L, null, Map.of()))
        .containsOnlyKeys(11L);
  }

  @Test
  void theSumTheInstanceCarriesCountsInAWorkerThatNeverSawIt() {
    Map<Long, ProcessBudgets.Reserved> carried = Map.of(7L, new ProcessBudgets.Reserved(120, null));
    assertThatThrownBy(() -> budgets.reserve(1, 11, costing(100, "0"), MODEL, 150L, null, carried))
        .hasMessageContaining("already reserved 120 tokens");
    assertThat(ProcessBudgets.asVariable(Map.of(7L, new ProcessBudgets.Reserved(120, null))))
        .isEqualTo(Map.of("7", Map.of("tokens", 120L)));
    Map<Long, ProcessBudgets.Reserved> both =
        Map.of(
            7L,
            new ProcessBudgets.Reserved(120, null),
            8L,
            new ProcessBudgets.Reserved(30, new BigDecimal("0.25")));
    assertThat(
            ProcessBudgets.fromVariable(Json.mapper().valueToTree(ProcessBudgets.asVariable(both))))
        .as("read back as written")
        .isEqualTo(both);
    assertThat(
            ProcessBudgets.fromVariable(
                Json.mapper().valueToTree(Map.of("not a job", Map.of("tokens", 5)))))
        .as("an entry that is not a job's counts as nothing")
        .isEmpty();
  }

  @Test
  void instancesNotCalledForAnHourLeaveMemory() {
    budgets.reserve(1, 10, costing(100, "0"), MODEL, 150L, null, Map.of());
    time.pass(ProcessBudgets.KEPT.plus(Duration.ofMinutes(2)));
    budgets.reserve(2, 20, costing(100, "0"), MODEL, 150L, null, Map.of());
    assertThat(budgets.instancesHeld()).isEqualTo(1);
  }

  @Test
  void noCapNoLedger() {
    assertThat(budgets.reserve(1, 10, costing(100, "0"), MODEL, null, null, Map.of())).isEmpty();
    assertThat(budgets.instancesHeld()).isZero();
  }
}
