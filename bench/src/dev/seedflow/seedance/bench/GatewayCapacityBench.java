package dev.seedflow.seedance.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.bench.gateway.GatewayRecord;
import dev.seedflow.seedance.bench.gateway.JobSample;
import dev.seedflow.seedance.bench.gateway.StandInGateway;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.local.LocalEngine;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * N videos in flight through generate on the standalone worker jar, started with {@code java
 * -Xmx512m -jar} as users start it, against a {@link StandInGateway} that hands out N copies of a
 * real generate job (captured once from the embedded engine) and the simulator serving Ark with no
 * queue limit. The provider's clock stands still until all N are in flight (their task ids noted on
 * their element instances), then runs, and the drain is timed until all N are completed. The
 * gateway's record then says whether every job completed exactly once with a video, and the
 * simulator's whether any video was paid for twice.
 */
final class GatewayCapacityBench {
  /** Twice as fast as a real provider: tasks end 10 to 60 s after the clock runs again. */
  static final double SCALE = 2;

  /** The quick mode checks the harness, not the numbers: its tasks end ten times sooner still. */
  static final double QUICK_SCALE = 20;

  static double scale(boolean quick) {
    return quick ? QUICK_SCALE : SCALE;
  }

  static final String WORKER_HEAP = "512m";
  static final Duration PATIENCE = Duration.ofMinutes(10);
  private static final String API_KEY = "sk-capacity-bench";
  private static final ObjectMapper JSON = Json.mapper();

  record Result(
      int videos,
      int inFlight,
      WorkerJvm.Sample idle,
      WorkerJvm.Sample full,
      int peakThreads,
      List<String> histogram,
      Map<String, Double> cpuSeconds,
      double takeInSeconds,
      double drainSeconds,
      GatewayRecord record,
      long statusRequests,
      int tasksCreated,
      int duplicatePrompts) {

    /**
     * What the run fails to show, said plainly; empty when it shows what it claims: all N in flight
     * at once, each completed exactly once with a video, none failed, none paid twice.
     */
    List<String> shortfalls() {
      List<String> missing = CapacityReport.shortfalls(videos, inFlight, record.completedOnce());
      if (record.completedWithVideo() < record.completedOnce())
        missing.add(
            (record.completedOnce() - record.completedWithVideo()) + " completed without a video");
      if (record.failed() + record.errorsThrown() > 0)
        missing.add(record.failed() + " failed, " + record.errorsThrown() + " BPMN errors");
      if (record.taskIdReplaced() > 0) missing.add(record.taskIdReplaced() + " task ids replaced");
      if (tasksCreated != videos)
        missing.add(
            String.format(Locale.ROOT, "%,d tasks created for %,d videos", tasksCreated, videos));
      if (duplicatePrompts > 0) missing.add(duplicatePrompts + " prompts paid twice");
      return missing;
    }
  }

  /**
   * The generate step of both capacity runs: the element template applied to a service task, the
   * provider's address and key as secrets, as in the examples; the video not kept, since neither
   * run has a document store.
   */
  static TemplateApplier.Applied generateStep(Path templates) {
    return TemplateApplier.load(templates.resolve("seedance-generate.json"))
        .apply(
            Map.of(
                "generate:arkBaseUrl",
                "{{secrets.SEEDANCE_BASE_URL}}",
                "generate:prompt",
                "A clip",
                "generate:pollInterval",
                "PT5S",
                "generate:waitTimeout",
                "PT2H",
                "generate:storeVideo",
                false));
  }

  /**
   * A generate job as the real engine hands it out: one instance of {@link #generateStep} started,
   * its job activated and copied.
   */
  static JobSample captureJob(Path templates) throws Exception {
    TemplateApplier.Applied applied = generateStep(templates);
    try (LocalEngine engine = LocalEngine.start();
        CamundaClient client =
            CamundaClient.newClientBuilder()
                .grpcAddress(URI.create(engine.grpcAddress()))
                .restAddress(URI.create("http://127.0.0.1:9"))
                .preferRestOverGrpc(false)
                .build()) {
      Instances.start(
          client,
          Bpmn.createExecutableProcess("capacity")
              .startEvent()
              .serviceTask("generate", applied)
              .endEvent()
              .done(),
          1,
          Map.of());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        List<ActivatedJob> jobs =
            client
                .newActivateJobsCommand()
                .jobType(applied.jobType())
                .maxJobsToActivate(1)
                .workerName("bench")
                .timeout(Duration.ofMinutes(1))
                .send()
                .join()
                .getJobs();
        if (!jobs.isEmpty()) {
          ActivatedJob job = jobs.getFirst();
          return new JobSample(
              job.getType(),
              job.getBpmnProcessId(),
              job.getProcessDefinitionKey(),
              job.getElementId(),
              JSON.writeValueAsString(job.getCustomHeaders()),
              (ObjectNode) JSON.readTree(job.getVariables()),
              job.getRetries());
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException(
          "the embedded engine created no " + applied.jobType() + " job within 30 s");
    }
  }

  static Result run(int videos, JobSample sample, Path workerJar, double scale) throws Exception {
    Path log = Path.of("target", "capacity-worker-" + videos + ".log");
    Files.createDirectories(log.getParent());
    try (SeedanceSimulator simulator = simulator(scale);
        StandInGateway gateway = StandInGateway.start(sample, videos);
        WorkerJvm worker =
            WorkerJvm.start(
                workerJar,
                WORKER_HEAP,
                environment(gateway.address(), simulator, videos, scale),
                log)) {
      waitUntil(
          worker,
          gateway,
          record -> gateway.polled(),
          Duration.ofSeconds(60),
          "the worker to poll for jobs");
      WorkerJvm.Sample idle = worker.measure();

      simulator.pauseClock();
      long takeInStart = System.nanoTime();
      gateway.open();
      GatewayRecord taken =
          waitUntil(
              worker,
              gateway,
              record -> record.withTaskId() == videos,
              PATIENCE,
              "all videos in flight");
      double takeInSeconds = seconds(takeInStart);
      WorkerJvm.Sample full = worker.measure();
      List<String> histogram = worker.heapHistogram(8);

      simulator.resumeClock();
      long drainStart = System.nanoTime();
      GatewayRecord record =
          waitUntil(
              worker,
              gateway,
              r -> r.completedOnce() + r.failed() + r.errorsThrown() == videos,
              PATIENCE,
              "the drain");
      double drainSeconds = seconds(drainStart);
      WorkerJvm.Sample end = worker.threads();
      Map<String, Double> cpu = worker.cpuSecondsByThreadGroup();
      List<String> prompts = simulator.promptsOfCreatedTasks();
      return new Result(
          videos,
          taken.withTaskId(),
          idle,
          full,
          end.peakThreads(),
          histogram,
          cpu,
          takeInSeconds,
          drainSeconds,
          record,
          simulator.count(RequestKind.READ),
          simulator.tasksCreated(),
          prompts.size() - new HashSet<>(prompts).size());
    }
  }

  /**
   * The provider of both capacity runs: Ark with no queue limit, tasks queued 2 s and running
   * 18-118 s, time compressed.
   */
  static SeedanceSimulator simulator(double scale) {
    return SeedanceSimulator.start(
        SimulatorSettings.realistic()
            .withApiKey(API_KEY)
            .withTimes(Duration.ofSeconds(2), Duration.ofSeconds(18), Duration.ofSeconds(118))
            .withTimeScale(scale));
  }

  /**
   * The worker's settings, as a user sets them: scaled with the simulator, the job timeout
   * outlasting the run, and room for every video at once (the simulated account has no queue limit,
   * and no rate limit worth modelling here).
   */
  static Map<String, String> environment(
      String gatewayAddress, SeedanceSimulator simulator, int videos, double scale) {
    return Map.ofEntries(
        Map.entry("CAMUNDA_GRPC_ADDRESS", gatewayAddress),
        Map.entry("CAMUNDA_REST_ADDRESS", "http://127.0.0.1:9"),
        Map.entry("CAMUNDA_PREFER_REST", "false"),
        Map.entry("CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX", "SECRET_"),
        Map.entry("SECRET_SEEDANCE_API_KEY", API_KEY),
        Map.entry("SECRET_SEEDANCE_BASE_URL", simulator.baseUrl()),
        // The simulator serves its media on loopback, which only a local run accepts.
        Map.entry("SEEDFLOW_WORKER_LOCAL_RUN", "true"),
        Map.entry("SEEDFLOW_WORKER_MAX_JOBS_IN_FLIGHT", String.valueOf(videos + 1000)),
        Map.entry("SEEDFLOW_WORKER_MAX_UNFINISHED_TASKS", String.valueOf(videos)),
        Map.entry("SEEDFLOW_WORKER_JOB_TIMEOUT", "PT1H"),
        Map.entry("SEEDFLOW_WORKER_REQUESTS_PER_MINUTE", "600000"),
        Map.entry(
            "SEEDFLOW_WORKER_TYPICAL_RUN", Duration.ofMillis((long) (55_000 / scale)).toString()),
        Map.entry(
            "SEEDFLOW_WORKER_LONGEST_POLL_INTERVAL",
            Duration.ofMillis((long) (300_000 / scale)).toString()));
  }

  /**
   * Reads the gateway's record every half second until the condition holds or patience runs out;
   * the last record either way (a row that falls short says so). Only a worker JVM that ended stops
   * the run.
   */
  private static GatewayRecord waitUntil(
      WorkerJvm worker,
      StandInGateway gateway,
      Predicate<GatewayRecord> done,
      Duration patience,
      String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    GatewayRecord record = gateway.record();
    while (!done.test(record) && System.nanoTime() < deadline) {
      if (!worker.alive())
        throw new IllegalStateException(
            "the worker JVM ended while waiting for " + what + "; see its log in target/");
      Thread.sleep(500);
      record = gateway.record();
    }
    return record;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /**
   * The default run takes all three in about seven minutes on 2 cores; the quick one only checks
   * the harness.
   */
  static List<Integer> sizes(boolean quick) {
    return quick ? List.of(300) : List.of(10_000, 50_000, 100_000);
  }
}
