package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-process budget on the embedded engine, with the generate step called as an AI Agent's
 * tools are: in parallel, each call with its {@code toolCall}, in one process instance (a parallel
 * multi-instance, as the AI Agent Task's tools sub-process runs them). Calls that together go over
 * {@code budget.maxTokensPerProcess} end with exactly those that fit made, and each other one
 * answered, not raised as an incident.
 */
class ProcessBudgetTest {
  private static final Map<String, String> SECRETS = Map.of("SEEDANCE_API_KEY", "sk-budget");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** 5 s of 720p 16:9 on Seedance 2.0 fast. */
  private static final long ONE_VIDEO = 108_000;

  private static WorkerFixture local;

  @BeforeAll
  static void start() {
    local = WorkerFixture.withQuickProvider(SECRETS);
  }

  @AfterAll
  static void stop() {
    if (local != null) local.close();
  }

  private static SeedanceWorker worker() {
    return local.worker(
        new SeedanceClient(ClientSettings.forLocalRun()),
        WorkerSettings.of(Map.of("typical-run", "PT0.3S")));
  }

  /** {@code calls} parallel calls of the generate step in one instance, each a tool call. */
  private static BpmnModelInstance parallelToolCalls(long capTokens, Object... fields) {
    List<Object> all =
        new ArrayList<>(
            List.of(
                "prompt", "=toolCall.prompt",
                "duration", "=toolCall.duration",
                "resolution", "720p",
                "arkAspectRatio", "16:9",
                "pollInterval", "PT0.2S",
                "storeVideo", false,
                "maxTokensPerProcess", String.valueOf(capTokens),
                "resultExpression",
                    "={toolCallResult: {videoUrl: videoUrl, tokens: estimate.tokens}}"));
    all.addAll(List.of(fields));
    Map<String, Object> entries = TemplateApplier.fields("generate", all.toArray());
    entries.put("generate:arkBaseUrl", local.simulator.baseUrl());
    return Bpmn.createExecutableProcess("tool_calls_" + System.nanoTime())
        .startEvent()
        .serviceTask(
            "generate_video",
            task -> {
              local.generate.apply(entries).accept(task);
              task.multiInstance()
                  .parallel()
                  .zeebeInputCollectionExpression("calls")
                  .zeebeInputElement("toolCall")
                  .zeebeOutputCollection("toolCallResults")
                  .zeebeOutputElementExpression("toolCallResult");
            })
        .endEvent()
        .done();
  }

  private static List<Map<String, Object>> calls(int count, int duration) {
    List<Map<String, Object>> calls = new ArrayList<>();
    for (int i = 1; i <= count; i++)
      calls.add(
          Map.of(
              "_meta",
              Map.of("id", "call_" + i, "name", "generate_video"),
              "prompt",
              "Teaser " + i + " of a trail shoe in a stream",
              "duration",
              duration));
    return calls;
  }

  @Test
  void parallelToolCallsOverTheProcessBudgetEndWithExactlyTheCallsThatFit() throws Exception {
    int calls = 6;
    long cap = ONE_VIDEO * 5 / 2; // two fit, a third does not
    long created = local.simulator.count(RequestKind.CREATE);
    try (SeedanceWorker worker = worker()) {
      ProcessOutcome outcome =
          local.runtime.run(parallelToolCalls(cap), Map.of("calls", calls(calls, 5)), TIMEOUT);
      assertThat(outcome.state()).as(outcome.toString()).isEqualTo(ProcessOutcome.State.COMPLETED);
      List<Map<String, Object>> results = answers(outcome);
      List<Map<String, Object>> made =
          results.stream().filter(r -> r.get("videoUrl") != null).toList();
      List<Map<String, Object>> refused =
          results.stream().filter(r -> Boolean.TRUE.equals(r.get("refused"))).toList();
      long sum = made.stream().mapToLong(r -> ((Number) r.get("tokens")).longValue()).sum();
      System.out.printf(
          "process budget race: %d parallel calls, %d made, %d refused; %,d tokens reserved of a"
              + " cap of %,d%n",
          calls, made.size(), refused.size(), sum, cap);
      assertThat(made).hasSize(2);
      assertThat(refused).hasSize(calls - 2);
      assertThat(sum).isLessThanOrEqualTo(cap);
      assertThat(local.simulator.count(RequestKind.CREATE) - created)
          .as("creates the provider saw")
          .isEqualTo(2);
      assertThat(refused)
          .allSatisfy(
              answer ->
                  assertThat((String) answer.get("message"))
                      .contains("SEEDANCE_OVER_BUDGET")
                      .contains("would cost " + String.format("%,d", ONE_VIDEO) + " tokens")
                      .contains("of its budget.maxTokensPerProcess " + String.format("%,d", cap))
                      .contains(String.format("%,d", cap - sum) + " tokens left"));
    }
  }

  @Test
  void aToolCallWithAnInvalidInputIsAnsweredNamingTheField() throws Exception {
    long created = local.simulator.count(RequestKind.CREATE);
    try (SeedanceWorker worker = worker()) {
      ProcessOutcome outcome =
          local.runtime.run(
              parallelToolCalls(10 * ONE_VIDEO), Map.of("calls", calls(1, 99)), TIMEOUT);
      assertThat(outcome.state()).as(outcome.toString()).isEqualTo(ProcessOutcome.State.COMPLETED);
      Map<String, Object> answer = answers(outcome).getFirst();
      assertThat(answer)
          .containsEntry("refused", true)
          .containsEntry("code", "SEEDANCE_INVALID_INPUT");
      assertThat(answer.get("fields")).asString().contains("video.duration");
    }
    assertThat(local.simulator.count(RequestKind.CREATE)).isEqualTo(created);
  }

  @Test
  void outsideAnAgentTheSameRefusalIsAnIncident() throws Exception {
    try (SeedanceWorker worker = worker()) {
      Map<String, Object> entries =
          TemplateApplier.fields(
              "generate", "prompt", "One clip", "maxTokensPerProcess", "1000", "storeVideo", false);
      entries.put("generate:arkBaseUrl", local.simulator.baseUrl());
      ProcessOutcome outcome =
          local.runtime.run(WorkerFixture.oneStep(local.generate, entries), Map.of(), TIMEOUT);
      assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
      assertThat(outcome.incidents().getFirst().errorMessage())
          .contains("SEEDANCE_OVER_BUDGET")
          .contains("budget.maxTokensPerProcess 1,000");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> answers(ProcessOutcome outcome) {
    return (List<Map<String, Object>>) outcome.variables().get("toolCallResults");
  }
}
