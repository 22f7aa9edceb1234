package dev.seedflow.seedance.reliability;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.worker.LookupSecrets;
import dev.seedflow.seedance.worker.SeedanceWorker;
import dev.seedflow.seedance.worker.WorkerSettings;
import io.camunda.client.CamundaClient;
import dev.seedflow.seedance.local.LocalRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One worker replica in a JVM of its own, as users deploy it beside others: a SeedanceWorker on a plain CamundaClient
 * against the engine at {@code args[0]}, until it is killed. It prints {@code ready} once its job workers are open.
 * Arguments: the engine's gRPC address, the API key, the engine's REST address, then any {@code name=value} worker
 * settings over the suite's (short job timeouts, so jobs move between replicas).
 */
public final class WorkerReplica {
  private WorkerReplica() {}

  /** A replica JVM, started and ready: its job workers are open. Its log goes to {@code log}. */
  static Process start(LocalRuntime runtime, Path log, String... settings) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), "-Dlogback.configurationFile=seedflow-runner-logback.xml", WorkerReplica.class.getName(),
        runtime.engine().grpcAddress(), Canary.KEY, runtime.documentsAddress()));
    command.addAll(List.of(settings));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line = output.readLine(); line != null; line = output.readLine()) {
      if (line.equals("ready")) {
        // Keep draining what it prints, so a full pipe never blocks it.
        Thread.ofVirtual().start(() -> output.lines().forEach(ignored -> {}));
        return process;
      }
    }
    throw new IOException("the replica did not start; see " + log);
  }

  public static void main(String[] args) throws InterruptedException {
    CamundaClient client = CamundaClient.newClientBuilder().grpcAddress(URI.create(args[0]))
        .restAddress(URI.create(args[2])).preferRestOverGrpc(false).build();
    Map<String, String> named = new HashMap<>(Map.of("job-timeout", "PT2S", "typical-run", "PT1S", "requests-per-minute", "6000"));
    for (int i = 3; i < args.length; i++) named.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
    WorkerSettings settings = WorkerSettings.of(named);
    // A create may take 5 s here, so the job of a replica killed inside one comes back after 7 s, not 2 minutes.
    SeedanceClient seedance = new SeedanceClient(ClientSettings.defaults().withCallTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
    new SeedanceWorker(client, seedance, new LookupSecrets(Map.of("SEEDANCE_API_KEY", args[1])::get),
        SeedanceWorker.documentsOf(client), PriceTable.EMPTY, settings);
    System.out.println("ready");
    System.out.flush();
    Thread.currentThread().join(); // until killed
  }
}
