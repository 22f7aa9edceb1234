package dev.seedflow.seedance.reliability;

import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.local.TemplateApplier;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Many videos through one generate step, each with its own prompt ("Clip 17 ..."), so duplicates
 * can be counted per instance.
 */
final class Fleet {
  private Fleet() {}

  /**
   * @param providerType "ark" (reads many tasks per request) or a gateway type (one request per
   *     task)
   */
  static BpmnModelInstance generating(String processId, String providerType, String baseUrl) {
    TemplateApplier generate =
        TemplateApplier.load(Path.of("element-templates/seedance-generate.json"));
    Map<String, Object> values =
        new HashMap<>(
            Map.of(
                "generate:providerType",
                providerType,
                switch (providerType) {
                  case "ark" -> "generate:arkBaseUrl";
                  case "fal", "replicate" -> "generate:hostBaseUrl";
                  default -> "generate:gatewayBaseUrl";
                },
                baseUrl,
                "generate:prompt",
                "=\"Clip \" + string(n) + suffix",
                "generate:pollInterval",
                "PT0.3S",
                "generate:waitTimeout",
                "=waitTimeout"));
    return Bpmn.createExecutableProcess(processId)
        .startEvent()
        .serviceTask("generate", t -> generate.apply(values).accept(t))
        .endEvent()
        .done();
  }

  /**
   * Deploys the model and starts {@code count} instances; {@code variables} gives each its n,
   * suffix and wait timeout.
   */
  static Map<Long, Integer> start(
      LocalRuntime runtime,
      BpmnModelInstance model,
      int count,
      IntFunction<Map<String, Object>> variables) {
    return start(runtime, deploy(runtime, model), 0, count, variables);
  }

  /** Deploys the model once, for starts in several batches; the answer is its process id. */
  static String deploy(LocalRuntime runtime, BpmnModelInstance model) {
    return runtime
        .client()
        .newDeployResourceCommand()
        .addProcessModel(model, "fleet.bpmn")
        .send()
        .join()
        .getProcesses()
        .getFirst()
        .getBpmnProcessId();
  }

  /**
   * Starts {@code count} instances of a deployed process, numbering the clips from {@code first}.
   */
  static Map<Long, Integer> start(
      LocalRuntime runtime,
      String processId,
      int first,
      int count,
      IntFunction<Map<String, Object>> variables) {
    Map<Long, Integer> instances = new HashMap<>();
    for (int n = first; n < first + count; n++) {
      Map<String, Object> vars = new HashMap<>(variables.apply(n));
      vars.put("n", n);
      instances.put(
          runtime
              .client()
              .newCreateInstanceCommand()
              .bpmnProcessId(processId)
              .latestVersion()
              .variables(vars)
              .send()
              .join()
              .getProcessInstanceKey(),
          n);
    }
    return instances;
  }

  /** Waits until every instance completed or stopped on an incident, or the timeout passed. */
  static Map<Long, ProcessOutcome> settle(
      LocalRuntime runtime, Iterable<Long> keys, Duration timeout) throws InterruptedException {
    List<Long> all = new ArrayList<>();
    keys.forEach(all::add);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<Long, ProcessOutcome> outcomes = runtime.records().outcomes(all);
      boolean settled =
          outcomes.values().stream().noneMatch(o -> o.state() == ProcessOutcome.State.RUNNING);
      if (settled || System.nanoTime() > deadline) return outcomes;
      Thread.sleep(500);
    }
  }

  /** How many instances completed. */
  static long completed(Map<Long, ProcessOutcome> outcomes) {
    return outcomes.values().stream()
        .filter(o -> o.state() == ProcessOutcome.State.COMPLETED)
        .count();
  }

  /** The outcomes of the instances that did not complete, for an assertion's message. */
  static String notCompleted(Map<Long, ProcessOutcome> outcomes) {
    return outcomes.values().stream()
        .filter(o -> o.state() != ProcessOutcome.State.COMPLETED)
        .toList()
        .toString();
  }

  /** How many tasks the provider made for each prompt: more than one is a duplicate paid task. */
  static Map<String, Long> tasksPerClip(List<String> prompts) {
    Map<String, Long> counts = new HashMap<>();
    for (String prompt : prompts) {
      String clip = prompt.replaceAll("^(Clip [0-9]+).*$", "$1");
      counts.merge(clip, 1L, Long::sum);
    }
    return counts;
  }
}
