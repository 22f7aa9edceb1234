package dev.seedflow.seedance.bench;

import dev.seedflow.seedance.local.LocalEngine;
import dev.seedflow.seedance.model.WorkerVariables;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.VariableIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * N videos in flight through generate on the standalone worker jar, as in {@link
 * GatewayCapacityBench}, but against the real engine: zeebe-process-test's, embedded in this JVM.
 * The worker starts first (its idle heap is measured); then the N instances are created while the
 * provider's clock stands still, so all N are in flight at once; then the clock runs, and the drain
 * is timed until the engine has completed all N.
 */
final class CapacityBench {
  /**
   * The drain is cut off here and reported as it stands ("completed" below N), to keep a run's
   * length bounded.
   */
  static final Duration MAX_DRAIN = Duration.ofMinutes(10);

  record Result(
      int videos,
      int inFlight,
      WorkerJvm.Sample idle,
      WorkerJvm.Sample full,
      int peakThreads,
      double takeInSeconds,
      double drainSeconds,
      int completed,
      long statusRequests,
      int tasksCreated,
      long engineRecords) {

    /**
     * What the run fails to show, said plainly; empty when all N were in flight at once and each
     * completed, paid for once.
     */
    List<String> shortfalls() {
      List<String> missing = CapacityReport.shortfalls(videos, inFlight, completed);
      if (tasksCreated != videos)
        missing.add(
            String.format(Locale.ROOT, "%,d tasks created for %,d videos", tasksCreated, videos));
      return missing;
    }
  }

  static Result run(int videos, Path templates, Path workerJar, Duration patience, double scale)
      throws Exception {
    Path log = Path.of("target", "capacity-embedded-worker-" + videos + ".log");
    Files.createDirectories(log.getParent());
    try (LocalEngine engine = LocalEngine.start();
        SeedanceSimulator simulator = GatewayCapacityBench.simulator(scale);
        CamundaClient client =
            CamundaClient.newClientBuilder()
                .grpcAddress(URI.create(engine.grpcAddress()))
                .restAddress(URI.create("http://127.0.0.1:9"))
                .preferRestOverGrpc(false)
                .build();
        WorkerJvm worker =
            WorkerJvm.start(
                workerJar,
                GatewayCapacityBench.WORKER_HEAP,
                GatewayCapacityBench.environment(engine.grpcAddress(), simulator, videos, scale),
                log)) {
      WorkerJvm.Sample idle = worker.measure();

      simulator.pauseClock();
      long takeInStart = System.nanoTime();
      Instances.start(
          client,
          Bpmn.createExecutableProcess("capacity")
              .startEvent()
              .serviceTask("generate", GatewayCapacityBench.generateStep(templates))
              .endEvent()
              .done(),
          videos,
          Map.of());
      Counts taken =
          waitUntil(
              worker,
              engine,
              counts -> counts.withTaskId() >= videos,
              patience,
              "all videos in flight");
      double takeInSeconds = seconds(takeInStart);
      WorkerJvm.Sample full = worker.measure();

      simulator.resumeClock();
      long drainStart = System.nanoTime();
      Counts drained =
          waitUntil(
              worker,
              engine,
              counts -> counts.completed() >= videos,
              patience.compareTo(MAX_DRAIN) < 0 ? patience : MAX_DRAIN,
              "the drain");
      double drainSeconds = seconds(drainStart);
      return new Result(
          videos,
          taken.withTaskId(),
          idle,
          full,
          worker.threads().peakThreads(),
          takeInSeconds,
          drainSeconds,
          drained.completed(),
          simulator.count(RequestKind.READ),
          simulator.tasksCreated(),
          drained.records());
    }
  }

  /**
   * What the engine's record stream says: task ids noted, instances completed, and records in all.
   */
  private record Counts(int withTaskId, int completed, long records) {
    static Counts of(LocalEngine engine) {
      int withTaskId = 0, completed = 0;
      List<Record<?>> records = engine.records();
      for (Record<?> record : records) {
        if (record.getIntent() == VariableIntent.CREATED
            && record.getValue() instanceof VariableRecordValue variable
            && variable.getName().equals(WorkerVariables.TASK_ID)) {
          withTaskId++;
        } else if (record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
            && record.getValue() instanceof ProcessInstanceRecordValue value
            && value.getBpmnElementType() == BpmnElementType.PROCESS) {
          completed++;
        }
      }
      return new Counts(withTaskId, completed, records.size());
    }
  }

  /**
   * Reads the engine's records every half second until the condition holds or patience runs out;
   * the last counts either way.
   */
  private static Counts waitUntil(
      WorkerJvm worker, LocalEngine engine, Predicate<Counts> done, Duration patience, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    Counts counts = Counts.of(engine);
    while (!done.test(counts) && System.nanoTime() < deadline) {
      if (!worker.alive())
        throw new IllegalStateException(
            "the worker JVM ended while waiting for " + what + "; see its log in target/");
      Thread.sleep(500);
      counts = Counts.of(engine);
    }
    return counts;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /**
   * The default run stays under ten minutes on 2 cores; 5,000 needs --full (bench/results-full.md),
   * as the embedded engine's time per command grows with the instances in flight. 10,000 is out of
   * its reach: an activation batch of 1,000 of those jobs did not come back within 14 minutes (see
   * the README).
   */
  static List<Integer> sizes(boolean quick, boolean full) {
    if (quick) return List.of(50);
    return full ? List.of(1000, 2500, 5000) : List.of(1000, 2500);
  }

  /**
   * How long to wait for all N to be in flight, and again for all N to drain: the engine's share
   * grows with N squared.
   */
  static Duration patience(int videos) {
    return Duration.ofSeconds(120 + (long) videos * videos / 40_000);
  }
}
