package dev.seedflow.seedance.bench;

import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import dev.seedflow.seedance.worker.WorkerSettings;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Engine records per video, counted from the engine's own record stream: one generate step with our worker, against
 * bpmn-examples/timer-loop.bpmn (create, 10 s timer, read, gateway) run by the connectors runtime. Both patterns get
 * the same seeded task timings ({@link TaskTimings#typical}), written into each instance's prompt. Twenty times
 * faster than real; the timer loop's engine clock is moved on a second every 50 ms to keep pace, so its 10 s timer
 * fires 10 s (give or take one) after it was set, as it would in real time.
 */
final class EngineLoadBench {
  static final double SCALE = 20;

  record Result(String pattern, int videos, double recordsPerVideo) {}

  static Result worker(List<TaskTimings.Timing> timings, Path templates) throws Exception {
    try (SeedanceSimulator simulator = simulator();
        LocalRuntime runtime = LocalRuntime.start(Map.of("SEEDANCE_API_KEY", "bench-key"), Map.of(
            "seedflow.worker.typical-run", EconomyBench.scaled(55_000, SCALE), "seedflow.worker.longest-poll-interval", EconomyBench.scaled(300_000, SCALE),
            "seedflow.worker.progress-interval", EconomyBench.scaled(WorkerSettings.defaults().progressInterval().toMillis(), SCALE), "seedflow.worker.max-unfinished-tasks", "100000"))) {
      TemplateApplier generate = TemplateApplier.load(templates.resolve("seedance-generate.json"));
      BpmnModelInstance model = Bpmn.createExecutableProcess("load_worker").startEvent()
          .serviceTask("generate", t -> generate.apply(Map.of("generate:arkBaseUrl", simulator.baseUrl(), "generate:prompt", "=prompt",
              "generate:pollInterval", EconomyBench.scaled(10_000, SCALE), "generate:waitTimeout", "PT5M")).accept(t))
          .endEvent().done();
      return new Result("generate step, paired worker", timings.size(), recordsPerVideo(runtime, model, timings, false));
    }
  }

  static Result timerLoop(List<TaskTimings.Timing> timings, Path examples) throws Exception {
    try (SeedanceSimulator simulator = simulator();
        LocalRuntime runtime = LocalRuntime.start(Map.of("SEEDANCE_BASE_URL", simulator.baseUrl(), "SEEDANCE_API_KEY", "bench-key"),
            Map.of("seedflow.worker.enabled", "false"))) {
      BpmnModelInstance model = Bpmn.readModelFromFile(examples.resolve("timer-loop.bpmn").toFile());
      // The example's fixed prompt gives way to each instance's own, which carries its timing.
      model.getModelElementsByType(ZeebeInput.class).stream().filter(input -> input.getTarget().equals("video.prompt"))
          .forEach(input -> input.setSource("=prompt"));
      return new Result("timer-loop.bpmn, 10 s timer", timings.size(), recordsPerVideo(runtime, model, timings, true));
    }
  }

  private static double recordsPerVideo(LocalRuntime runtime, BpmnModelInstance model, List<TaskTimings.Timing> timings, boolean driveClock)
      throws Exception {
    int videos = timings.size();
    Set<Long> keys = new HashSet<>(Instances.startEach(runtime.client(), model, timings.stream().map(t -> Map.<String, Object>of("prompt", t.prompt())).toList()));
    Thread clock = Thread.ofPlatform().daemon().start(() -> {
      while (driveClock && !Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep((long) (1_000 / SCALE));
        } catch (InterruptedException e) {
          return;
        }
        runtime.engine().increaseTime(Duration.ofSeconds(1));
      }
    });
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (EngineRecords.completions(runtime.engine(), keys).size() < videos && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
    } finally {
      clock.interrupt();
    }
    int done = EngineRecords.completions(runtime.engine(), keys).size();
    if (done < videos) throw new IllegalStateException(done + " of " + videos + " videos completed in time");
    return EngineRecords.recordsOf(runtime.engine(), keys) / videos;
  }

  private static SeedanceSimulator simulator() {
    return SeedanceSimulator.start(SimulatorSettings.realistic().withTimeScale(SCALE));
  }
}
