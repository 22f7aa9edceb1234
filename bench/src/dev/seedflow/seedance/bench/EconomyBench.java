package dev.seedflow.seedance.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Adaptive reads against a fixed 10 s interval, on the same simulated tasks (same seed, same count), in the real
 * connectors runtime: status requests per finished video, and the lag from the provider finishing to the step
 * completing. Gateway dialect, so every task is read on its own. Twenty times faster than real; figures are given
 * in provider time.
 */
final class EconomyBench {
  static final double SCALE = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  record Result(String mode, int videos, double requestsPerVideo, Stats lagSeconds) {}

  static Result run(int videos, Path templates, boolean fixed) throws Exception {
    Map<String, String> settings = new HashMap<>(Map.of(
        "seedflow.worker.typical-run", millis(55_000), "seedflow.worker.longest-poll-interval", millis(300_000),
        "seedflow.worker.progress-interval", millis(5_000), "seedflow.worker.requests-per-minute", "60000"));
    if (fixed) settings.put("seedflow.worker.fixed-poll-interval", millis(10_000));
    try (SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorSettings.realistic()
            .withTimes(Duration.ofSeconds(2), Duration.ofSeconds(18), Duration.ofSeconds(118)).withTimeScale(SCALE));
        LocalRuntime runtime = LocalRuntime.start(Map.of("SEEDANCE_API_KEY", "bench-key"), settings)) {
      TemplateApplier generate = TemplateApplier.load(templates.resolve("seedance-generate.json"));
      BpmnModelInstance model = Bpmn.createExecutableProcess("economy").startEvent()
          .serviceTask("generate", t -> generate.apply(Map.of("generate:providerType", "unified", "generate:gatewayBaseUrl", simulator.baseUrl(),
              "generate:prompt", "A clip", "generate:pollInterval", millis(10_000), "generate:waitTimeout", "PT5M")).accept(t))
          .endEvent().done();
      Set<Long> keys = new HashSet<>(Instances.start(runtime.client(), model, videos, Map.of()));
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      Map<Long, Instant> done = Map.of();
      while (done.size() < videos && System.nanoTime() < deadline) {
        Thread.sleep(500);
        done = EngineRecords.completions(runtime.engine(), keys);
      }
      if (done.size() < videos) throw new IllegalStateException(done.size() + " of " + videos + " videos completed in time");
      Map<Long, String> results = EngineRecords.variable(runtime.engine(), keys, "generatedVideo");
      List<Double> lags = new ArrayList<>();
      for (long key : keys) {
        String taskId = JSON.readTree(results.get(key)).get("taskId").asText();
        Instant finished = simulator.finishedAt(taskId).orElseThrow();
        lags.add(Math.max(0, Duration.between(finished, done.get(key)).toMillis()) * SCALE / 1000.0);
      }
      return new Result(fixed ? "fixed 10 s" : "adaptive", videos, (double) simulator.count(RequestKind.READ) / videos, Stats.of(lags));
    }
  }

  /** Provider milliseconds as an ISO duration in real time. */
  static String millis(long providerMillis) {
    return Duration.ofMillis((long) (providerMillis / SCALE)).toString();
  }
}
