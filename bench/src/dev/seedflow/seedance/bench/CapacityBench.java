package dev.seedflow.seedance.bench;

import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.local.LocalEngine;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import dev.seedflow.seedance.worker.LookupSecrets;
import dev.seedflow.seedance.worker.SeedanceWorker;
import dev.seedflow.seedance.worker.WorkerSettings;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N videos in flight through generate on one worker (no Spring: the engine, a plain CamundaClient, the worker). The
 * engine keeps every record in the same heap, so the worker's share is measured apart: heap after GC with the N
 * instances created and no worker yet, against heap after GC with all N videos waiting.
 */
final class CapacityBench {
  /** Twice as fast as a real provider, so 10,000 videos are all in flight before the first one is done. */
  static final double SCALE = 2;

  record Result(int videos, int completed, int peakWaiting, long engineOnlyMb, long totalMb, long workerMb, int threadsBefore, int threadsPeak,
      long workerThreads, double drainSeconds, long statusRequests, long engineRecords) {}

  static Result run(int videos, Path templates) throws Exception {
    try (LocalEngine engine = LocalEngine.start();
        SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorSettings.realistic()
            .withTimes(Duration.ofSeconds(2), Duration.ofSeconds(18), Duration.ofSeconds(118)).withTimeScale(SCALE));
        CamundaClient client = CamundaClient.newClientBuilder().grpcAddress(URI.create(engine.grpcAddress()))
            .restAddress(URI.create("http://127.0.0.1:9")).preferRestOverGrpc(false).build()) {
      TemplateApplier generate = TemplateApplier.load(templates.resolve("seedance-generate.json"));
      BpmnModelInstance model = Bpmn.createExecutableProcess("capacity").startEvent()
          .serviceTask("generate", t -> generate.apply(Map.of("generate:arkBaseUrl", simulator.baseUrl(), "generate:prompt", "A clip",
              "generate:pollInterval", "PT5S", "generate:waitTimeout", "PT30M")).accept(t))
          .endEvent().done();
      Set<Long> keys = new HashSet<>(Instances.start(client, model, videos, Map.of()));
      long engineOnly = heapAfterGc();
      var threads = ManagementFactory.getThreadMXBean();
      int threadsBefore = threads.getThreadCount();
      WorkerSettings settings = new WorkerSettings(videos + 1000, Duration.ofMinutes(10), 8, 60_000,
          Duration.ofMillis((long) (55_000 / SCALE)), Duration.ofMillis((long) (300_000 / SCALE)), Duration.ofSeconds(5), null);
      AtomicInteger peakThreads = new AtomicInteger(threadsBefore);
      AtomicInteger peakWaiting = new AtomicInteger();
      AtomicLong atPeak = new AtomicLong();
      Instant started = Instant.now();
      try (SeedanceWorker worker = new SeedanceWorker(client, new SeedanceClient(), new LookupSecrets(name -> "bench-key"), settings)) {
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
          boolean measured = false;
          while (!Thread.currentThread().isInterrupted()) {
            peakThreads.accumulateAndGet(threads.getThreadCount(), Math::max);
            int waiting = worker.waiting();
            peakWaiting.accumulateAndGet(waiting, Math::max);
            if (!measured && waiting >= videos * 0.95) {
              atPeak.set(heapAfterGc());
              measured = true;
            }
            try {
              Thread.sleep(200);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
        // Three minutes per size keeps the default run near ten minutes on 2 cores; what has not drained by then is
        // reported as such (on this machine the embedded engine, not the worker, sets the pace).
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        // The worker counts what it ended; reading the engine's whole record stream every second would compete with the engine.
        while (worker.finished() < videos && System.nanoTime() < deadline) {
          Thread.sleep(500);
        }
        sampler.interrupt();
        double drain = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        long ours = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("seedflow-")).count();
        // A drain cut short by the deadline is reported as it stands (completed < videos), not thrown away.
        int done = EngineRecords.completions(engine, keys).size();
        long peak = atPeak.get() == 0 ? heapAfterGc() : atPeak.get();
        long records = 0;
        for (var ignored : engine.records()) records++;
        return new Result(videos, done, peakWaiting.get(), mb(engineOnly), mb(peak), mb(peak - engineOnly), threadsBefore, peakThreads.get(),
            ours, drain, simulator.count(RequestKind.READ), records);
      }
    }
  }

  static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long mb(long bytes) {
    return Math.max(0, bytes / (1024 * 1024));
  }

  static List<Integer> sizes(boolean quick) {
    return quick ? List.of(200) : List.of(1000, 5000, 10_000);
  }
}
