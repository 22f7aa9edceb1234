package dev.seedflow.seedance.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.local.LocalEngine;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N videos in flight through generate on one worker JVM. The worker runs alone in its own JVM with its heap capped at
 * the goal, 512 MB, so the heap and threads measured are its own and too little heap would end the run. This JVM
 * holds the embedded engine, the simulator and the measuring. The N instances are created first, as a backlog; then
 * the worker starts taking jobs while the simulator's clock stands still (a busy provider that queues everything), so
 * all N are in flight at once; then the clock runs, and the drain is timed until the worker has completed all N.
 */
final class CapacityBench {
  /** Twice as fast as a real provider: tasks end 10 to 60 s after the clock runs again. */
  static final double SCALE = 2;
  static final String WORKER_HEAP = "512m";
  /** The drain is cut off here and reported as it stands ("completed" below N), to keep a run's length bounded. */
  static final Duration MAX_DRAIN = Duration.ofMinutes(10);

  record Result(int videos, int inFlight, long idleHeapMb, long heapMb, double kbPerVideo, int idleThreads, int threadsInFlight,
      int peakThreads, int seedflowThreads, double createSeconds, double activateSeconds, double drainSeconds, int completed,
      long statusRequests, long engineRecords) {}

  static Result run(int videos, Path templates, Duration patience) throws Exception {
    Path log = Path.of("target", "capacity-worker.log");
    Files.createDirectories(log.getParent());
    try (LocalEngine engine = LocalEngine.start();
        SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorSettings.realistic()
            .withTimes(Duration.ofSeconds(2), Duration.ofSeconds(18), Duration.ofSeconds(118)).withTimeScale(SCALE));
        CamundaClient client = CamundaClient.newClientBuilder().grpcAddress(URI.create(engine.grpcAddress()))
            .restAddress(URI.create("http://127.0.0.1:9")).preferRestOverGrpc(false).build();
        WorkerProcess worker = WorkerProcess.start(WORKER_HEAP, engine.grpcAddress(), videos, SCALE, log)) {
      TemplateApplier generate = TemplateApplier.load(templates.resolve("seedance-generate.json"));
      BpmnModelInstance model = Bpmn.createExecutableProcess("capacity").startEvent()
          .serviceTask("generate", t -> generate.apply(Map.of("generate:arkBaseUrl", simulator.baseUrl(), "generate:prompt", "A clip",
              "generate:pollInterval", "PT5S", "generate:waitTimeout", "PT2H")).accept(t))
          .endEvent().done();
      JsonNode idle = worker.measure();

      long createStart = System.nanoTime();
      Instances.start(client, model, videos, Map.of());
      double createSeconds = seconds(createStart);

      simulator.pauseClock();
      long activateStart = System.nanoTime();
      AtomicInteger peakThreads = new AtomicInteger(idle.get("threads").asInt());
      worker.open();
      waitFor(worker, "waiting", videos, patience, peakThreads);
      double activateSeconds = seconds(activateStart);
      JsonNode full = worker.measure();

      simulator.resumeClock();
      long drainStart = System.nanoTime();
      JsonNode stats = waitFor(worker, "finished", videos, patience.compareTo(MAX_DRAIN) < 0 ? patience : MAX_DRAIN, peakThreads);
      double drainSeconds = seconds(drainStart);
      long records = 0;
      for (var ignored : engine.records()) records++;
      return new Result(videos, full.get("waiting").asInt(), mb(idle), mb(full),
          (full.get("heapBytes").asLong() - idle.get("heapBytes").asLong()) / 1024.0 / Math.max(1, full.get("waiting").asInt()),
          idle.get("threads").asInt(), full.get("threads").asInt(), peakThreads.get(), full.get("seedflowThreads").asInt(),
          createSeconds, activateSeconds, drainSeconds, stats.get("finished").asInt(), simulator.count(RequestKind.READ), records);
    }
  }

  /**
   * Asks every half second until the count reaches the target or patience runs out, keeping the peak thread count;
   * the last answer either way.
   */
  private static JsonNode waitFor(WorkerProcess worker, String count, int target, Duration patience, AtomicInteger peakThreads)
      throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    JsonNode stats = worker.stats();
    peakThreads.accumulateAndGet(stats.get("threads").asInt(), Math::max);
    while (stats.get(count).asInt() < target && System.nanoTime() < deadline) {
      Thread.sleep(500);
      stats = worker.stats();
      peakThreads.accumulateAndGet(stats.get("threads").asInt(), Math::max);
    }
    return stats;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static long mb(JsonNode measured) {
    return measured.get("heapBytes").asLong() / (1024 * 1024);
  }

  /**
   * The default run stays under ten minutes on 2 cores; 5,000 needs --full (bench/results-full.md), as the embedded
   * engine's time per command grows with the instances in flight. 10,000 is out of its reach: an activation batch of
   * 1,000 of those jobs did not come back within 14 minutes (see the README).
   */
  static List<Integer> sizes(boolean quick, boolean full) {
    if (quick) return List.of(200);
    return full ? List.of(1000, 2500, 5000) : List.of(1000, 2500);
  }

  /** How long to wait for all N to be in flight, and again for all N to drain: the engine's share grows with N squared. */
  static Duration patience(int videos) {
    return Duration.ofSeconds(120 + (long) videos * videos / 40_000);
  }
}
