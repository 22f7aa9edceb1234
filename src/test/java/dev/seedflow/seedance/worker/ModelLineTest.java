package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seedance 2.5 and the 2026 line through the worker, on the embedded engine against the simulated
 * Ark: each model is held to its own facts, a budget to the longest video the model may choose, and
 * the list prices price it.
 */
class ModelLineTest {
  private static final Map<String, String> SECRETS = Map.of("SEEDANCE_API_KEY", "sk-model-line");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String SEEDANCE_2_5 = "dreamina-seedance-2-5-260628";

  private static WorkerFixture local;

  @BeforeAll
  static void start() {
    local = WorkerFixture.withQuickProvider(SECRETS);
  }

  @AfterAll
  static void stop() {
    if (local != null) local.close();
  }

  /** A worker at BytePlus's list prices, the product's default. */
  private static SeedanceWorker worker() {
    return local.worker(
        new SeedanceClient(ClientSettings.forLocalRun()),
        WorkerSettings.of(Map.of("typical-run", "PT0.3S")),
        PriceTable.withListPrices(null));
  }

  private static BpmnModelInstance generate(Object... fields) {
    List<Object> all =
        new java.util.ArrayList<>(List.of("arkModel", SEEDANCE_2_5, "pollInterval", "PT0.2S"));
    all.addAll(List.of(fields));
    return local.generating(all.toArray());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @Test
  void aThirtySecondSeedance25VideoIsSentOnceAndCompletes() throws Exception {
    long creates = local.simulator.count(RequestKind.CREATE);
    try (SeedanceWorker worker = worker()) {
      ProcessOutcome outcome =
          local.runtime.run(
              generate(
                  "prompt",
                  "A long take along the river",
                  "resolution",
                  "720p",
                  "arkAspectRatio",
                  "16:9",
                  "duration",
                  30),
              Map.of(),
              TIMEOUT);
      assertThat(outcome.state()).as(outcome.toString()).isEqualTo(ProcessOutcome.State.COMPLETED);
      Map<String, Object> result = map(outcome.variables().get("generatedVideo"));
      assertThat(result)
          .containsEntry("model", SEEDANCE_2_5)
          .containsEntry("duration", 30)
          .containsEntry("status", "succeeded");
      assertThat(map(result.get("estimate")))
          .containsEntry("tokens", 648_000)
          .containsEntry("upperBound", false)
          .containsEntry("price", SEEDANCE_2_5 + "=10.70 USD")
          .containsEntry("cost", 6.9336);
      assertThat(map(result.get("cost")))
          .as("at the list price, from usage.completion_tokens")
          .containsEntry("currency", "USD");
    }
    assertThat(local.simulator.count(RequestKind.CREATE) - creates).as("paid tasks").isEqualTo(1);
  }

  @Test
  void aDurationTheModelChoosesIsBoundedByItsLongestVideoAndRefusedBeforeAnythingIsSent()
      throws Exception {
    int before = local.simulator.requests().size();
    try (SeedanceWorker worker = worker()) {
      ProcessOutcome outcome =
          local.runtime.run(
              generate(
                  "prompt",
                  "As long as it likes",
                  "resolution",
                  "720p",
                  "arkAspectRatio",
                  "16:9",
                  "duration",
                  -1,
                  "maxTokens",
                  "330000"),
              Map.of(),
              TIMEOUT);
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
      assertThat(outcome.incidents().getFirst().errorMessage())
          .contains("SEEDANCE_OVER_BUDGET")
          .contains("648,000 tokens")
          .contains("budget.maxTokens 330,000")
          .contains("720p 16:9 (1280x720) x 30 s")
          .contains("the duration")
          .contains("nothing was sent");
    }
    assertThat(local.simulator.requests()).as("nothing reached the provider").hasSize(before);
  }

  @Test
  void aMovIsKeptAsQuickTime() throws Exception {
    try (SeedanceWorker worker = worker()) {
      ProcessOutcome outcome =
          local.runtime.run(
              generate("prompt", "For the editors", "outputFormat", "mov", "duration", 5),
              Map.of(),
              TIMEOUT);
      assertThat(outcome.state()).as(outcome.toString()).isEqualTo(ProcessOutcome.State.COMPLETED);
      Map<String, Object> result = map(outcome.variables().get("generatedVideo"));
      Map<String, Object> metadata = map(map(result.get("videoDocument")).get("metadata"));
      assertThat(metadata)
          .containsEntry("contentType", "video/quicktime")
          .containsEntry("fileName", result.get("taskId") + ".mov");
    }
  }

  @Test
  void aSeedance25DraftIsMadeAt480pAndMadeFinalAt1080p() throws Exception {
    long creates = local.simulator.count(RequestKind.CREATE);
    try (SeedanceWorker worker = worker()) {
      ProcessOutcome draft =
          local.runtime.run(
              generate("prompt", "A first look", "draft", true, "duration", 5), Map.of(), TIMEOUT);
      assertThat(draft.state()).as(draft.toString()).isEqualTo(ProcessOutcome.State.COMPLETED);
      Map<String, Object> drafted = map(draft.variables().get("generatedVideo"));
      assertThat(drafted).containsEntry("resolution", "480p");
      assertThat(map(drafted.get("estimate"))).containsEntry("basis", "480p 16:9 (864x496) x 5 s");

      ProcessOutcome last =
          local.runtime.run(
              generate("mode", "draft", "draftTaskId", drafted.get("taskId")), Map.of(), TIMEOUT);
      assertThat(last.state()).as(last.toString()).isEqualTo(ProcessOutcome.State.COMPLETED);
      Map<String, Object> made = map(last.variables().get("generatedVideo"));
      assertThat(made).containsEntry("resolution", "1080p");
      assertThat((String) map(made.get("estimate")).get("basis"))
          .as("the draft's length is not known: the model's longest")
          .startsWith("1080p 16:9 (1920x1080) x 30 s")
          .contains("the draft's duration");
    }
    assertThat(local.simulator.count(RequestKind.CREATE) - creates)
        .as("paid tasks: the draft and the final")
        .isEqualTo(2);
  }

  @Test
  void aModelIsHeldToItsOwnFactsBeforeAnythingIsSent() throws Exception {
    int before = local.simulator.requests().size();
    try (SeedanceWorker worker = worker()) {
      ProcessOutcome thirty =
          local.runtime.run(
              local.generating(
                  "arkModel",
                  "dreamina-seedance-2-0-fast-260128",
                  "prompt",
                  "Too long for 2.0",
                  "duration",
                  30,
                  "pollInterval",
                  "PT0.2S"),
              Map.of(),
              TIMEOUT);
      assertThat(thirty.incidents().getFirst().errorMessage())
          .contains(
              "video.duration must be between 4 and 15 seconds on "
                  + "dreamina-seedance-2-0-fast-260128 (Seedance 2.0 fast)");
      ProcessOutcome mov =
          local.runtime.run(
              local.generating(
                  "arkModel",
                  "dreamina-seedance-2-0-260128",
                  "prompt",
                  "No mov here",
                  "outputFormat",
                  "mov",
                  "pollInterval",
                  "PT0.2S"),
              Map.of(),
              TIMEOUT);
      assertThat(mov.incidents().getFirst().errorMessage())
          .contains(
              "video.outputFormat is not taken by dreamina-seedance-2-0-260128 (Seedance 2.0)");
    }
    assertThat(local.simulator.requests()).hasSize(before);
  }
}
