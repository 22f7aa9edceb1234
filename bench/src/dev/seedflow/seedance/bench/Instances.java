package dev.seedflow.seedance.bench;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Deploys a model and starts many instances of it, 16 create commands in flight at a time, each
 * allowed a minute: the embedded engine on 2 cores answers slowly under thousands of instances.
 */
final class Instances {
  private Instances() {}

  static List<Long> start(
      CamundaClient client, BpmnModelInstance model, int count, Map<String, Object> variables)
      throws InterruptedException {
    return startEach(client, model, Collections.nCopies(count, variables));
  }

  /** One instance per entry, with that entry's variables; the keys in the same order. */
  static List<Long> startEach(
      CamundaClient client, BpmnModelInstance model, List<Map<String, Object>> variablesPerInstance)
      throws InterruptedException {
    String processId =
        client
            .newDeployResourceCommand()
            .addProcessModel(model, "bench.bpmn")
            .send()
            .join()
            .getProcesses()
            .getFirst()
            .getBpmnProcessId();
    Semaphore inFlight = new Semaphore(16);
    List<CompletableFuture<Long>> keys = new ArrayList<>();
    for (Map<String, Object> variables : variablesPerInstance) {
      inFlight.acquire();
      keys.add(
          client
              .newCreateInstanceCommand()
              .bpmnProcessId(processId)
              .latestVersion()
              .variables(variables)
              .requestTimeout(Duration.ofMinutes(1))
              .send()
              .toCompletableFuture()
              .whenComplete((ok, error) -> inFlight.release())
              .thenApply(e -> e.getProcessInstanceKey()));
    }
    return keys.stream().map(CompletableFuture::join).toList();
  }
}
