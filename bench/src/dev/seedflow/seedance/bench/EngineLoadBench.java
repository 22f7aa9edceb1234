package dev.seedflow.seedance.bench;

import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
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
 * Engine records per video, counted from the engine's own record stream: one generate step with our
 * worker, against bpmn-examples/timer-loop.bpmn (create, 10 s timer, read, gateway) run by the
 * connectors runtime. Both patterns get the same seeded task timings ({@link TaskTimings#typical}),
 * written into each instance's prompt, with time compressed by {@link #SCALE}. The embedded
 * engine's clock runs with the wall clock plus whatever is added to it, so for the timer loop it is
 * moved on by the rest, every tick, to keep pace with the provider's; its 10 s timer then fires 10
 * provider seconds after it was set.
 */
final class EngineLoadBench {
  /**
   * Five times faster than real. The engine's own latency is compressed too, and at 20x (50 ms of
   * it a provider second) it thinned the timer loop's reads to a third; at 5x the loop counts
   * within a few percent of 2.5x.
   */
  static final double SCALE = 5;

  /** The quick mode checks the harness, not the numbers: four times faster still. */
  static final double QUICK_SCALE = 20;

  /** How often the timer loop's engine clock is moved on, in wall time. */
  private static final Duration TICK = Duration.ofMillis(50);

  record Result(String pattern, int videos, double recordsPerVideo) {}

  static double scale(boolean quick) {
    return quick ? QUICK_SCALE : SCALE;
  }

  static Result worker(List<TaskTimings.Timing> timings, Path templates, double scale)
      throws Exception {
    try (SeedanceSimulator simulator = simulator(scale);
        LocalRuntime runtime =
            LocalRuntime.start(
                Map.of("SEEDANCE_API_KEY", "bench-key"),
                Map.of(
                    "seedflow.worker.typical-run",
                    EconomyBench.scaled(55_000, scale),
                    "seedflow.worker.longest-poll-interval",
                    EconomyBench.scaled(300_000, scale),
                    "seedflow.worker.progress-interval",
                    EconomyBench.scaled(
                        WorkerSettings.defaults().progressInterval().toMillis(), scale),
                    "seedflow.worker.max-unfinished-tasks",
                    "100000"))) {
      TemplateApplier generate = TemplateApplier.load(templates.resolve("seedance-generate.json"));
      BpmnModelInstance model =
          Bpmn.createExecutableProcess("load_worker")
              .startEvent()
              .serviceTask(
                  "generate",
                  t ->
                      generate
                          .apply(
                              Map.of(
                                  "generate:arkBaseUrl",
                                  simulator.baseUrl(),
                                  "generate:prompt",
                                  "=prompt",
                                  "generate:pollInterval",
                                  EconomyBench.scaled(10_000, scale),
                                  "generate:waitTimeout",
                                  "PT5M"))
                          .accept(t))
              .endEvent()
              .done();
      return new Result(
          "generate step, paired worker",
          timings.size(),
          recordsPerVideo(runtime, model, timings, 0));
    }
  }

  static Result timerLoop(List<TaskTimings.Timing> timings, Path examples, double scale)
      throws Exception {
    try (SeedanceSimulator simulator = simulator(scale);
        LocalRuntime runtime =
            LocalRuntime.start(
                Map.of("SEEDANCE_BASE_URL", simulator.baseUrl(), "SEEDANCE_API_KEY", "bench-key"),
                Map.of("seedflow.worker.enabled", "false"))) {
      BpmnModelInstance model =
          Bpmn.readModelFromFile(examples.resolve("timer-loop.bpmn").toFile());
      // The example's fixed prompt gives way to each instance's own, which carries its timing.
      model.getModelElementsByType(ZeebeInput.class).stream()
          .filter(input -> input.getTarget().equals("video.prompt"))
          .forEach(input -> input.setSource("=prompt"));
      return new Result(
          "timer-loop.bpmn, 10 s timer",
          timings.size(),
          recordsPerVideo(runtime, model, timings, scale));
    }
  }

  /**
   * @param clockScale how fast the engine's clock must run against the wall clock; 0 leaves it
   *     alone
   */
  private static double recordsPerVideo(
      LocalRuntime runtime,
      BpmnModelInstance model,
      List<TaskTimings.Timing> timings,
      double clockScale)
      throws Exception {
    int videos = timings.size();
    Set<Long> keys =
        new HashSet<>(
            Instances.startEach(
                runtime.client(),
                model,
                timings.stream().map(t -> Map.<String, Object>of("prompt", t.prompt())).toList()));
    Thread clock =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  long began = System.nanoTime(), added = 0;
                  while (clockScale > 0 && !Thread.currentThread().isInterrupted()) {
                    try {
                      Thread.sleep(TICK);
                    } catch (InterruptedException e) {
                      return;
                    }
                    long due = (long) ((System.nanoTime() - began) / 1e6 * (clockScale - 1));
                    runtime.engine().increaseTime(Duration.ofMillis(due - added));
                    added = due;
                  }
                });
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (EngineRecords.completions(runtime.engine(), keys).size() < videos
          && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
    } finally {
      clock.interrupt();
    }
    int done = EngineRecords.completions(runtime.engine(), keys).size();
    if (done < videos)
      throw new IllegalStateException(done + " of " + videos + " videos completed in time");
    return EngineRecords.recordsOf(runtime.engine(), keys) / videos;
  }

  private static SeedanceSimulator simulator(double scale) {
    return SeedanceSimulator.start(SimulatorSettings.realistic().withTimeScale(scale));
  }
}
