package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cost known and capped before paying, on the embedded engine: over budget nothing reaches the
 * provider.
 */
class BudgetTest {
  private static final Map<String, String> SECRETS = Map.of("SEEDANCE_API_KEY", "sk-budget");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final PriceTable PRICES =
      PriceTable.parse("dreamina-seedance-2-0-fast-260128=5.6 USD");

  private static WorkerFixture local;
  private static LocalRuntime runtime;
  private static SeedanceSimulator simulator;

  @BeforeAll
  static void start() {
    local = WorkerFixture.withQuickProvider(SECRETS);
    runtime = local.runtime;
    simulator = local.simulator;
  }

  @AfterAll
  static void stop() {
    if (local != null) local.close();
  }

  private static SeedanceWorker worker() {
    return local.worker(
        new SeedanceClient(ClientSettings.forLocalRun()),
        WorkerSettings.of(Map.of("typical-run", "PT0.3S")),
        PRICES);
  }

  private static BpmnModelInstance generate(Object... fields) {
    List<Object> all = new java.util.ArrayList<>(List.of(fields));
    all.addAll(List.of("pollInterval", "PT0.2S"));
    return local.generating(all.toArray());
  }

  @Test
  void overTheTokenBudgetIsAnIncidentBeforeAnyRequest() throws Exception {
    int before = simulator.requests().size();
    try (SeedanceWorker worker = worker()) {
      ProcessOutcome outcome =
          runtime.run(
              generate(
                  "prompt",
                  "Too grand",
                  "resolution",
                  "720p",
                  "duration",
                  15,
                  "maxTokens",
                  "100000"),
              Map.of(),
              TIMEOUT);
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
      assertThat(outcome.incidents().getFirst().errorMessage())
          .contains("SEEDANCE_OVER_BUDGET")
          .contains("324,000 tokens")
          .contains("budget.maxTokens 100,000")
          .contains("720p 16:9 (1280x720) x 15 s");
    }
    assertThat(simulator.requests()).hasSize(before);
  }

  @Test
  void overTheMoneyBudgetIsAnIncidentBeforeAnyRequest() throws Exception {
    int before = simulator.requests().size();
    try (SeedanceWorker worker = worker()) {
      ProcessOutcome outcome =
          runtime.run(
              generate("prompt", "Too dear", "duration", 10, "maxCost", "0.50"), Map.of(), TIMEOUT);
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
      assertThat(outcome.incidents().getFirst().errorMessage())
          .contains("SEEDANCE_OVER_BUDGET")
          .contains("1.2096 USD")
          .contains("budget.maxCost 0.50 USD");
    }
    assertThat(simulator.requests()).hasSize(before);
  }

  @Test
  @SuppressWarnings("unchecked")
  void withinBudgetTheResultCarriesTheEstimateAndTheCost() throws Exception {
    try (SeedanceWorker worker = worker()) {
      ProcessOutcome outcome =
          runtime.run(
              generate(
                  "prompt", "Affordable", "duration", 5, "maxTokens", "200000", "maxCost", "1"),
              Map.of(),
              TIMEOUT);
      assertThat(outcome.state()).as(outcome.toString()).isEqualTo(ProcessOutcome.State.COMPLETED);
      Map<String, Object> result = (Map<String, Object>) outcome.variables().get("generatedVideo");
      assertThat((Map<String, Object>) result.get("estimate"))
          .containsEntry("tokens", 108_000)
          .containsEntry("cost", 0.6048)
          .containsEntry("currency", "USD")
          .containsEntry("upperBound", false);
      assertThat((Map<String, Object>) result.get("usage"))
          .containsEntry("completionTokens", 108_000);
      assertThat((Map<String, Object>) result.get("cost"))
          .containsEntry("amount", 0.6048)
          .containsEntry("currency", "USD");
    }
  }
}
