package dev.seedflow.seedance.local;

import dev.seedflow.seedance.json.Json;
import io.camunda.client.api.command.DeployResourceCommandStep1;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code ./seedance run} and {@code ./seedance demo}: one JVM with the embedded engine, the connectors runtime with
 * our connector and worker, and the simulator. The last line {@code run} prints is one JSON object, and its exit code
 * is 0 (completed), 1 (incident), 2 (timeout) or 3 (usage error).
 */
public final class Runner {
  static final int COMPLETED = 0, INCIDENT = 1, TIMEOUT = 2, USAGE = 3;

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
        case "demo" -> new Demo(out, environment).play(rest.length > 0 ? Path.of(rest[0]) : Path.of("bpmn-examples/marketing-approval.bpmn"));
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
    try (LocalSession session = LocalSession.start(environment)) {
      DeployResourceCommandStep1.DeployResourceCommandStep2 deploy = session.runtime.client().newDeployResourceCommand()
          .addProcessModel(model, options.file().getFileName().toString());
      for (Path companion : companions(options.file(), model)) {
        deploy = deploy.addResourceFile(companion.toString());
      }
      String processId = deploy.send().join().getProcesses().stream()
          .filter(p -> p.getResourceName().equals(options.file().getFileName().toString())).findFirst().orElseThrow()
          .getBpmnProcessId();
      long key = session.runtime.client().newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
          .variables(options.variables()).send().join().getProcessInstanceKey();
      err.println("seedance: started " + processId + " (instance " + key + ")" + (session.simulator != null ? " against the built-in simulator" : ""));
      ProcessOutcome outcome = session.runtime.records().await(key, options.timeout());
      out.println(json(outcome));
      return switch (outcome.state()) {
        case COMPLETED -> COMPLETED;
        case INCIDENT -> INCIDENT;
        case TIMEOUT, RUNNING -> TIMEOUT;
      };
    }
  }

  /** Reads and checks the model before anything starts, so a broken file is a usage error with the parser's words. */
  static BpmnModelInstance read(Path file) throws RunnerOptions.UsageException {
    try {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      Bpmn.validateModel(model);
      if (model.getModelElementsByType(Process.class).stream().noneMatch(Process::isExecutable)) {
        throw new RunnerOptions.UsageException(file + " has no executable process");
      }
      return model;
    } catch (RuntimeException e) {
      throw new RunnerOptions.UsageException(file + " is not a valid BPMN model: " + e.getMessage());
    }
  }

  /** Forms and decisions beside the file, and the processes it calls, deploy with it. */
  private static List<Path> companions(Path file, BpmnModelInstance model) {
    Set<String> called = model.getModelElementsByType(CallActivity.class).stream()
        .map(call -> call.getSingleExtensionElement(ZeebeCalledElement.class))
        .filter(element -> element != null && element.getProcessId() != null)
        .map(ZeebeCalledElement::getProcessId).collect(Collectors.toSet());
    Path folder = file.toAbsolutePath().getParent();
    List<Path> companions = new ArrayList<>();
    try (Stream<Path> siblings = Files.list(folder)) {
      for (Path sibling : siblings.sorted().toList()) {
        String name = sibling.getFileName().toString();
        if (sibling.equals(file.toAbsolutePath())) continue;
        if (name.endsWith(".form") || name.endsWith(".dmn")) {
          companions.add(sibling);
        } else if (name.endsWith(".bpmn") && !called.isEmpty()) {
          BpmnModelInstance other = Bpmn.readModelFromFile(sibling.toFile());
          if (other.getModelElementsByType(Process.class).stream().anyMatch(p -> called.contains(p.getId()))) companions.add(sibling);
        }
      }
    } catch (IOException | RuntimeException e) {
      // A folder we cannot read holds no companions we could deploy.
    }
    return companions;
  }

  static String json(ProcessOutcome outcome) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("state", outcome.state() == ProcessOutcome.State.RUNNING ? "TIMEOUT" : outcome.state().name());
    line.put("processInstanceKey", outcome.processInstanceKey());
    line.put("variables", outcome.variables());
    line.put("incidents", outcome.incidents());
    try {
      return Json.mapper().writeValueAsString(line);
    } catch (IOException e) {
      throw new IllegalStateException("the outcome is plain data and always serialisable", e);
    }
  }
}
