package dev.seedflow.seedance.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.local.FolderDocumentStore;
import dev.seedflow.seedance.worker.LookupSecrets;
import dev.seedflow.seedance.worker.SeedanceWorker;
import dev.seedflow.seedance.worker.WorkerSettings;
import io.camunda.client.CamundaClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The worker's JVM in the capacity benchmark: one SeedanceWorker on a plain CamundaClient, nothing else. It answers
 * on standard output, one JSON line per command read from standard input: {@code open} (start taking jobs),
 * {@code stats} (how many it holds and has finished, its threads), {@code measure} (the same after a full GC, with the
 * heap in use) and {@code stop}.
 */
public final class CapacityWorker {
  private static final ObjectMapper JSON = Json.mapper();

  private CapacityWorker() {}

  public static void main(String[] args) throws Exception {
    String grpcAddress = args[0];
    int videos = Integer.parseInt(args[1]);
    double scale = Double.parseDouble(args[2]);
    // Settings as for a real provider, scaled with the simulator; the job timeout outlasts the slowest drain.
    // The simulated account has no queue limit: every video may be unfinished at the provider at once.
    WorkerSettings settings = WorkerSettings.of(Map.of("max-jobs-in-flight", String.valueOf(videos + 1000), "max-unfinished-tasks", String.valueOf(videos), "job-timeout", "PT1H",
        "requests-per-minute", "60000", "typical-run", Duration.ofMillis((long) (55_000 / scale)).toString(),
        "longest-poll-interval", Duration.ofMillis((long) (300_000 / scale)).toString()));
    // The job workers open only on "open", so the idle heap is measured first and the instances can be created
    // without the worker's activation polls competing for the single-threaded embedded engine.
    SeedanceWorker worker = null;
    try (CamundaClient client = CamundaClient.newClientBuilder().grpcAddress(URI.create(grpcAddress))
        .restAddress(URI.create("http://127.0.0.1:9")).preferRestOverGrpc(false).build()) {
      BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String command = commands.readLine(); command != null && !command.equals("stop"); command = commands.readLine()) {
        if (command.equals("open") && worker == null) {
          worker = new SeedanceWorker(client, new SeedanceClient(), new LookupSecrets(name -> "bench-key"),
              FolderDocumentStore.factory(Path.of("target/seedflow-documents")), PriceTable.EMPTY, settings);
        }
        long heap = -1;
        if (command.equals("measure")) {
          System.gc();
          heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        long ours = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("seedflow-")).count();
        System.out.println(JSON.writeValueAsString(Map.of("waiting", worker == null ? 0 : worker.waiting(),
            "finished", worker == null ? 0 : worker.finished(), "threads", ManagementFactory.getThreadMXBean().getThreadCount(),
            "seedflowThreads", ours, "heapBytes", heap)));
        System.out.flush();
      }
    } finally {
      if (worker != null) worker.close();
    }
  }
}
