package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import dev.seedflow.seedance.worker.inputs.LookupSecrets;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Camunda (embedded engine and connectors runtime) with the auto-configured worker switched
 * off, for tests that start workers of their own with settings of their own, and the one way those
 * tests write what a user enters in a template.
 */
final class WorkerFixture implements AutoCloseable {
  private static final AtomicInteger IDS = new AtomicInteger();

  final Map<String, String> secrets;
  final LocalRuntime runtime;

  /** The provider, when the fixture was started with one. */
  final SeedanceSimulator simulator;

  final TemplateApplier generate =
      TemplateApplier.load(Path.of("element-templates/seedance-generate.json"));
  final TemplateApplier await =
      TemplateApplier.load(Path.of("element-templates/seedance-await.json"));

  private WorkerFixture(Map<String, String> secrets, SeedanceSimulator simulator) {
    this.secrets = secrets;
    this.simulator = simulator;
    this.runtime = LocalRuntime.start(secrets, Map.of("seedflow.worker.enabled", "false"));
  }

  static WorkerFixture start(Map<String, String> secrets) {
    return new WorkerFixture(secrets, null);
  }

  /**
   * With a quick simulated Ark as the provider (1 s in the queue, 2 s to run, ten times faster):
   * one video's whole path in a second or so.
   */
  static WorkerFixture withQuickProvider(Map<String, String> secrets) {
    return start(
        secrets,
        SimulatorSettings.realistic()
            .withTimes(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2))
            .withTimeScale(10));
  }

  /** With a simulator of these settings as the provider; it stops with the fixture. */
  static WorkerFixture start(Map<String, String> secrets, SimulatorSettings provider) {
    return new WorkerFixture(secrets, SeedanceSimulator.start(provider));
  }

  /**
   * What a user enters in the generate template for the fixture's simulator (Ark), plus the given
   * fields.
   */
  BpmnModelInstance generating(Object... fields) {
    Map<String, Object> entries = TemplateApplier.fields("generate", fields);
    entries.put("generate:arkBaseUrl", simulator.baseUrl());
    return oneStep(generate, entries);
  }

  /** A worker on this runtime, its secrets from the fixture's. */
  SeedanceWorker worker(SeedanceClient client, WorkerSettings settings) {
    return worker(client, settings, PriceTable.EMPTY);
  }

  /** A worker on this runtime that prices what it makes. */
  SeedanceWorker worker(SeedanceClient client, WorkerSettings settings, PriceTable prices) {
    return new SeedanceWorker(
            runtime.client(),
            client,
            new LookupSecrets(secrets::get),
            runtime.documents(),
            prices,
            settings)
        .start();
  }

  /**
   * A process of one service task, {@code video}, with the template applied as the Modeler applies
   * it.
   */
  static BpmnModelInstance oneStep(TemplateApplier template, Map<String, Object> entries) {
    return Bpmn.createExecutableProcess("step_" + IDS.incrementAndGet())
        .startEvent()
        .serviceTask("video", t -> template.apply(entries).accept(t))
        .endEvent()
        .done();
  }

  @Override
  public void close() {
    runtime.close();
    if (simulator != null) simulator.close();
  }
}
