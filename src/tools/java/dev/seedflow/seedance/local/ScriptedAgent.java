package dev.seedflow.seedance.local;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobWorker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Stands in for Camunda's AI Agent Task in local runs: a job worker of its job type that plays a
 * fixed script, not a model. The agentic-AI connector is not served where this is built, so the
 * agent is the one part that is not real; the engine, the tools' ad-hoc sub-process, the Seedance
 * worker, the connector and the provider are. It answers as the real agent does: the variable
 * {@code agent}, with {@code toolCalls} (each {@code _meta.id}, {@code _meta.name} and the
 * arguments), a {@code context} it reads back, and a {@code responseText} when done.
 *
 * <p>Two scripts, chosen by the process variable {@code agentScript}: {@link #PRICE_THEN_GENERATE}
 * (the default: price the video, make it, finish) and {@link #GENERATE_UNTIL_REFUSED} (make the
 * video again and again until the process's budget refuses one, at most five times).
 */
public final class ScriptedAgent implements AutoCloseable {
  public static final String PRICE_THEN_GENERATE = "price-then-generate";
  public static final String GENERATE_UNTIL_REFUSED = "generate-until-refused";
  static final int MOST_GENERATES = 5;

  private final JobWorker worker;
  private volatile Consumer<String> say = line -> {};

  private ScriptedAgent(CamundaClient client) {
    this.worker =
        client
            .newWorker()
            .jobType(ExampleModels.AI_AGENT_TASK)
            .handler((jobs, job) -> jobs.newCompleteCommand(job).variables(answer(job)).send())
            .name("seedflow-scripted-agent")
            .open();
  }

  /** Serves the AI Agent Task's jobs on this engine until closed. */
  static ScriptedAgent serve(CamundaClient client) {
    return new ScriptedAgent(client);
  }

  /** Where it says what it does: the runner's standard error. */
  void sayTo(Consumer<String> say) {
    this.say = say;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> answer(ActivatedJob job) {
    Map<String, Object> variables = job.getVariablesAsMap();
    Map<String, Object> context =
        variables.get("agentContext") instanceof Map<?, ?> read
            ? new LinkedHashMap<>((Map<String, Object>) read)
            : new LinkedHashMap<>();
    int round = context.get("round") instanceof Number n ? n.intValue() : 0;
    String script =
        variables.get("agentScript") instanceof String chosen ? chosen : PRICE_THEN_GENERATE;
    String goal = text(variables, "data", "userPrompt", "prompt");
    if (round == 0) {
      say.accept(
          "the AI Agent here is a SCRIPT ("
              + script
              + "), not a model: no model is asked anything. docs/agents.md runs the same example"
              + " with Camunda's AI Agent and a model key");
    }
    List<Map<String, Object>> results = new ArrayList<>();
    if (variables.get("data") instanceof Map<?, ?> data
        && data.get("tools") instanceof Map<?, ?> tools
        && tools.get("toolCallResults") instanceof List<?> answered) {
      answered.forEach(r -> results.add((Map<String, Object>) r));
    }
    results.forEach(
        result ->
            say.accept(
                "agent (script) read the answer of "
                    + result.get("name")
                    + ": "
                    + result.get("content")));
    Map<String, Object> last = results.isEmpty() ? Map.of() : results.getLast();
    Map<String, Object> content =
        last.get("content") instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of();
    boolean refused = Boolean.TRUE.equals(content.get("refused"));
    List<Map<String, Object>> calls = new ArrayList<>();
    String response = null;
    switch (script) {
      case GENERATE_UNTIL_REFUSED -> {
        if (round > 0 && refused)
          response = "Stopped: the budget refused a video. " + content.get("message");
        else if (round >= MOST_GENERATES) response = "Stopped after " + MOST_GENERATES + " videos.";
        else calls.add(call(round, "generate_video", goal + " (take " + (round + 1) + ")"));
      }
      default -> {
        if (round == 0) calls.add(call(round, "price_video", goal));
        else if (round == 1 && !refused) calls.add(call(round, "generate_video", goal));
        else
          response =
              refused
                  ? "Refused: " + content.get("message")
                  : "Made the teaser: " + content.get("videoUrl");
      }
    }
    calls.forEach(
        call ->
            say.accept(
                "agent (script) calls "
                    + ((Map<?, ?>) call.get("_meta")).get("name")
                    + " "
                    + arguments(call)));
    if (response != null) say.accept("agent (script) answers: " + response);
    context.put("round", round + 1);
    context.put("script", script);
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("context", context);
    agent.put("toolCalls", calls);
    if (response != null) agent.put("responseText", response);
    return Map.of("agent", agent);
  }

  /** A tool call as the real agent makes one: its id and name, then the arguments. */
  private static Map<String, Object> call(int round, String tool, String prompt) {
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("_meta", Map.of("id", "call_" + (round + 1), "name", tool));
    call.put("prompt", prompt);
    call.put("duration", 5);
    call.put("aspectRatio", "16:9");
    call.put("resolution", "720p");
    return call;
  }

  private static Map<String, Object> arguments(Map<String, Object> call) {
    Map<String, Object> arguments = new LinkedHashMap<>(call);
    arguments.remove("_meta");
    return arguments;
  }

  private static String text(Map<String, Object> variables, String... path) {
    Object at = variables;
    for (String step : path) at = at instanceof Map<?, ?> map ? map.get(step) : null;
    return at == null ? "A short video" : at.toString();
  }

  @Override
  public void close() {
    worker.close();
  }
}
