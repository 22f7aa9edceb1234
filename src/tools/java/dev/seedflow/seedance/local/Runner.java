package dev.seedflow.seedance.local;

import dev.seedflow.seedance.json.Json;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./seedance run} and {@code ./seedance demo}: one JVM with the embedded engine, the
 * connectors runtime with our connector and worker, and the simulator. The last line {@code run}
 * prints is one JSON object, and its exit code is 0 (completed), 1 (incident), 2 (timeout), 3
 * (usage error) or 4 (waiting for a person, with --until-waiting).
 */
public final class Runner {
  static final int COMPLETED = 0, INCIDENT = 1, TIMEOUT = 2, USAGE = 3, WAITING = 4;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;

  Runner(PrintStream out, PrintStream err, Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.environment = environment;
  }

  public static void main(String[] args) {
    // Before any logger exists: the runner's logs go to standard error.
    System.setProperty("logback.configurationFile", "seedflow-runner-logback.xml");
    System.exit(new Runner(System.out, System.err, System.getenv()).execute(args));
  }

  int execute(String[] args) {
    String command = args.length == 0 ? "help" : args[0];
    String[] rest = args.length == 0 ? args : java.util.Arrays.copyOfRange(args, 1, args.length);
    try {
      return switch (command) {
        case "run" -> run(RunnerOptions.parse(rest));
        case "demo" ->
            new Demo(out, environment)
                .play(
                    rest.length > 0
                        ? Path.of(rest[0])
                        : Path.of("bpmn-examples/marketing-approval.bpmn"));
        default -> {
          err.println("seedance: unknown command '" + command + "'; see ./seedance help");
          yield USAGE;
        }
      };
    } catch (RunnerOptions.UsageException e) {
      err.println("seedance: " + e.getMessage());
      return USAGE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return TIMEOUT;
    }
  }

  int run(RunnerOptions options) throws RunnerOptions.UsageException, InterruptedException {
    BpmnModelInstance model = read(options.file());
    try (LocalSession session =
        LocalSession.start(environment, LocalRuntime.waitsOnWebhooks(model))) {
      if (session.warning != null) err.println("seedance: " + session.warning);
      session.runtime.agent().sayTo(line -> err.println("seedance: " + line));
      String processId = session.runtime.deploy(options.file(), model);
      long key =
          session
              .runtime
              .client()
              .newCreateInstanceCommand()
              .bpmnProcessId(processId)
              .latestVersion()
              .variables(options.variables())
              .send()
              .join()
              .getProcessInstanceKey();
      err.println(
          "seedance: started "
              + processId
              + " (instance "
              + key
              + ")"
              + (session.simulator != null ? " against the built-in simulator" : ""));
      ProcessOutcome outcome = follow(session.runtime.records(), model, key, options);
      for (ProcessOutcome.Incident incident : outcome.incidents()) {
        MappedVariables.in(incident.errorMessage(), incident.elementId(), model)
            .forEach(line -> err.println("seedance: " + line));
      }
      KeptFiles.in(outcome.variables(), session.runtime.documentStore())
          .forEach(path -> err.println("seedance: kept " + path));
      out.println(json(outcome, model));
      return switch (outcome.state()) {
        case COMPLETED -> COMPLETED;
        case INCIDENT -> INCIDENT;
        case TIMEOUT, RUNNING -> TIMEOUT;
        case WAITING -> WAITING;
      };
    }
  }

  /**
   * Reads and checks the model before anything starts, so a broken file is a usage error with the
   * parser's words.
   */
  static BpmnModelInstance read(Path file) throws RunnerOptions.UsageException {
    try {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      Bpmn.validateModel(model);
      if (model.getModelElementsByType(Process.class).stream().noneMatch(Process::isExecutable)) {
        throw new RunnerOptions.UsageException(file + " has no executable process");
      }
      return model;
    } catch (RuntimeException e) {
      throw new RunnerOptions.UsageException(
          file + " is not a valid BPMN model: " + e.getMessage());
    }
  }

  /**
   * Waits for the instance to complete, raise an incident or run out of time, and says on standard
   * error where it stands each time that changes (never the same line twice).
   */
  private ProcessOutcome follow(
      ProcessRecords records, BpmnModelInstance model, long key, RunnerOptions options)
      throws InterruptedException {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    String said = null;
    boolean onlyPeopleBefore = false;
    long lastFailure = -1;
    while (true) {
      ProcessOutcome outcome = records.outcome(key);
      for (ProcessOutcome.FailedAttempt attempt : outcome.failedAttempts()) {
        if (attempt.position() <= lastFailure) continue;
        err.println("seedance: " + failed(attempt, model));
        lastFailure = attempt.position();
      }
      if (outcome.state() != ProcessOutcome.State.RUNNING) return outcome;
      if (System.nanoTime() > deadline) return outcome.withState(ProcessOutcome.State.TIMEOUT);
      // Seen twice, 100 ms apart, so a branch whose next element the engine has yet to write cannot
      // be missed.
      boolean onlyPeople = options.untilWaiting() && onlyUserTasks(outcome, model);
      if (onlyPeople && onlyPeopleBefore) return outcome.withState(ProcessOutcome.State.WAITING);
      onlyPeopleBefore = onlyPeople;
      String now = standing(outcome, model);
      if (!now.isEmpty() && !now.equals(said)) {
        err.println("seedance: " + now);
        said = now;
      }
      Thread.sleep(100);
    }
  }

  /**
   * "Generate video failed, tried again in 10 s (2 retries left): SEEDANCE_PROVIDER_UNAVAILABLE:
   * could not connect to the provider at 127.0.0.1:1." The message's first sentence, which names
   * what failed; the whole of it comes with the incident, if it comes to one.
   */
  private static String failed(ProcessOutcome.FailedAttempt attempt, BpmnModelInstance model) {
    String message = attempt.message() == null ? "" : attempt.message();
    int end = message.indexOf(". ");
    return name(model, attempt.elementId())
        + " failed, tried again "
        + (attempt.backoff().isZero() ? "now" : "in " + attempt.backoff().toSeconds() + " s")
        + " ("
        + attempt.retriesLeft()
        + (attempt.retriesLeft() == 1 ? " retry" : " retries")
        + " left): "
        + (end < 0 ? message : message.substring(0, end + 1));
  }

  /**
   * Whether every active element is a user task of this model: nothing more happens until a person
   * acts.
   */
  private static boolean onlyUserTasks(ProcessOutcome outcome, BpmnModelInstance model) {
    return !outcome.waitingAt().isEmpty()
        && outcome.waitingAt().stream()
            .allMatch(id -> model.getModelElementById(id) instanceof UserTask);
  }

  /**
   * "waiting at Generate video: running, 40 %": where the instance waits and, for a video step, how
   * far the video is.
   */
  private static String standing(ProcessOutcome outcome, BpmnModelInstance model) {
    if (outcome.waitingAt().isEmpty()) return "";
    String at =
        outcome.waitingAt().stream()
            .map(id -> name(model, id))
            .distinct()
            .collect(java.util.stream.Collectors.joining(", "));
    if (outcome.progress() instanceof Map<?, ?> progress && progress.get("status") != null) {
      at +=
          ": "
              + progress.get("status")
              + (progress.get("progress") instanceof Number n
                  ? ", "
                      + n.intValue()
                      + " %"
                      + (Boolean.TRUE.equals(progress.get("estimated")) ? " (estimated)" : "")
                  : "");
    }
    return "waiting at " + at;
  }

  private static String name(BpmnModelInstance model, String elementId) {
    FlowElement element = model.getModelElementById(elementId);
    return element == null || element.getName() == null ? elementId : element.getName();
  }

  static String json(ProcessOutcome outcome, BpmnModelInstance model) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put(
        "state",
        outcome.state() == ProcessOutcome.State.RUNNING ? "TIMEOUT" : outcome.state().name());
    line.put("processInstanceKey", outcome.processInstanceKey());
    line.put("variables", outcome.variables());
    line.put("incidents", outcome.incidents());
    if (outcome.state() == ProcessOutcome.State.TIMEOUT
        || outcome.state() == ProcessOutcome.State.RUNNING
        || outcome.state() == ProcessOutcome.State.WAITING) {
      line.put(
          "waitingAt",
          outcome.waitingAt().stream()
              .distinct()
              .map(id -> Map.of("elementId", id, "name", name(model, id)))
              .toList());
    }
    try {
      return Json.mapper().writeValueAsString(line);
    } catch (IOException e) {
      throw new IllegalStateException("the outcome is plain data and always serialisable", e);
    }
  }
}
