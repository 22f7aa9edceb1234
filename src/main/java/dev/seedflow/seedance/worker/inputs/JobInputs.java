package dev.seedflow.seedance.worker.inputs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.error.Problem;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.model.BudgetInput;
import dev.seedflow.seedance.model.ProcessBudgetInput;
import dev.seedflow.seedance.model.ProviderInput;
import dev.seedflow.seedance.model.StoreInput;
import dev.seedflow.seedance.model.TaskInput;
import dev.seedflow.seedance.model.VideoInput;
import dev.seedflow.seedance.model.WaitInput;
import dev.seedflow.seedance.model.WorkerVariables;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.VideoRequest;
import dev.seedflow.seedance.store.KeepPlan;
import dev.seedflow.seedance.worker.shared.AgentAnswers;
import dev.seedflow.seedance.worker.shared.JobKind;
import dev.seedflow.seedance.worker.submit.ProcessBudgets;
import dev.seedflow.seedance.worker.submit.SubmitIntent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What a job asks for, read from its variables, with {@code {{secrets.X}}} resolved only where
 * secrets belong ({@link ConfinedSecrets}). The worker's own local variables (submit intent, task
 * id, wait start) say whether this job was seen before.
 */
public record JobInputs(
    ProviderConfig provider,
    VideoRequest video,
    String taskId,
    Duration timeout,
    Duration pollInterval,
    KeepPlan keep,
    BudgetInput budget,
    ProcessBudgetInput processBudget,
    Map<Long, ProcessBudgets.Reserved> spentByTheInstance,
    SubmitIntent rememberedIntent,
    String rememberedTaskId,
    Instant rememberedWaitStart) {

  /** The only variables a job fetches: what it reads, never the rest of the process. */
  public static final List<String> FETCHED =
      List.of(
          "provider",
          "video",
          "task",
          "wait",
          "store",
          "budget",
          ProcessBudgets.SPENT,
          AgentAnswers.TOOL_CALL,
          WorkerVariables.SUBMIT_INTENT,
          WorkerVariables.TASK_ID,
          WorkerVariables.WAIT_STARTED);

  static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(10);

  static final ObjectMapper JSON = Json.mapper();

  /**
   * @param elementInstanceKey the job's element instance, which the address of a "video finished"
   *     event is signed for
   * @throws SeedanceException SEEDANCE_INVALID_INPUT, naming every problem
   */
  public static JobInputs read(
      String variablesJson,
      JobKind kind,
      ConfinedSecrets secrets,
      LongSupplier elementInstanceKey) {
    ObjectNode variables;
    try {
      variables =
          JSON.readTree(variablesJson) instanceof ObjectNode object
              ? object
              : JSON.createObjectNode();
    } catch (IOException e) {
      throw SeedanceException.invalidInput(
          List.of(new Problem("variables", "are not readable JSON")));
    }
    List<Problem> problems = new ArrayList<>(secrets.resolve(variables));
    ProviderInput provider = bind(variables, "provider", ProviderInput.class, problems);
    WaitInput wait = bind(variables, "wait", WaitInput.class, problems);
    Duration timeout =
        duration(wait == null ? null : wait.timeout(), "wait.timeout", DEFAULT_TIMEOUT, problems);
    Duration pollInterval =
        duration(
            wait == null ? null : wait.pollInterval(),
            "wait.pollInterval",
            DEFAULT_POLL_INTERVAL,
            problems);
    VideoRequest video = null;
    String taskId = null;
    if (kind == JobKind.GENERATE) {
      VideoInput input = bind(variables, "video", VideoInput.class, problems);
      try {
        video = input == null ? null : input.toRequest(secrets.events(), elementInstanceKey);
      } catch (IllegalArgumentException e) {
        problems.add(new Problem("video.mode", e.getMessage()));
      }
      if (variables.path("video").isMissingNode() || variables.path("video").isNull()) {
        problems.add(
            new Problem(
                "video", "is required: the video to make (video.model, video.prompt, ...)"));
      }
    } else {
      TaskInput task = bind(variables, "task", TaskInput.class, problems);
      taskId = task == null ? null : task.id();
    }
    StoreInput store = bind(variables, "store", StoreInput.class, problems);
    BudgetInput budget = bind(variables, "budget", BudgetInput.class, problems);
    ProcessBudgetInput processBudget =
        bind(variables, "budget", ProcessBudgetInput.class, problems);
    if (store != null) problems.addAll(store.problems());
    ProviderConfig config = null;
    try {
      config = provider == null ? new ProviderConfig(null, null, null) : provider.toConfig();
    } catch (IllegalArgumentException e) {
      problems.add(new Problem("provider.type", e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw SeedanceException.invalidInput(problems);
    }
    return new JobInputs(
        config,
        video,
        taskId,
        timeout,
        pollInterval,
        store == null ? KeepPlan.NOTHING : store.toPlan(),
        budget == null ? new BudgetInput(null, null) : budget,
        processBudget == null ? new ProcessBudgetInput(null, null) : processBudget,
        ProcessBudgets.fromVariable(variables.path(ProcessBudgets.SPENT)),
        SubmitIntent.from(variables.path(WorkerVariables.SUBMIT_INTENT)),
        text(variables, WorkerVariables.TASK_ID),
        instant(text(variables, WorkerVariables.WAIT_STARTED)));
  }

  private static <T> T bind(
      JsonNode variables, String name, Class<T> type, List<Problem> problems) {
    JsonNode node = variables.path(name);
    if (node.isMissingNode() || node.isNull()) return null;
    try {
      return JSON.treeToValue(node, type);
    } catch (JsonMappingException e) {
      String path =
          e.getPath().stream()
              .map(
                  ref ->
                      ref.getFieldName() != null
                          ? "." + ref.getFieldName()
                          : "[" + ref.getIndex() + "]")
              .reduce(name, String::concat);
      problems.add(new Problem(path, "cannot be read: " + e.getOriginalMessage()));
      return null;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      problems.add(
          new Problem(
              name,
              "cannot be read: "
                  + (e instanceof JsonProcessingException j
                      ? j.getOriginalMessage()
                      : e.getMessage())));
      return null;
    }
  }

  private static Duration duration(
      String text, String field, Duration fallback, List<Problem> problems) {
    if (text == null || text.isBlank()) return fallback;
    try {
      Duration value = Duration.parse(text.trim());
      if (value.isNegative() || value.isZero()) {
        problems.add(new Problem(field, "must be longer than zero, got " + text));
      }
      return value;
    } catch (DateTimeParseException e) {
      problems.add(
          new Problem(
              field, "must be an ISO-8601 duration such as PT10S or PT2H, got '" + text + "'"));
      return fallback;
    }
  }

  private static String text(JsonNode variables, String name) {
    JsonNode node = variables.path(name);
    return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
