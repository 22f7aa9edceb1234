package dev.seedflow.seedance.reliability;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.worker.LookupSecrets;
import dev.seedflow.seedance.worker.SeedanceWorker;
import dev.seedflow.seedance.worker.WorkerSettings;
import io.camunda.client.CamundaClient;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One worker replica in a JVM of its own, as users deploy it beside others: a SeedanceWorker on a plain CamundaClient
 * against the engine at {@code args[0]}, until it is killed. It prints {@code ready} once its job workers are open.
 */
public final class WorkerReplica {
  private WorkerReplica() {}

  public static void main(String[] args) throws InterruptedException {
    CamundaClient client = CamundaClient.newClientBuilder().grpcAddress(URI.create(args[0]))
        .restAddress(URI.create(args[2])).preferRestOverGrpc(false).build();
    WorkerSettings settings = WorkerSettings.of(Map.of("job-timeout", "PT2S", "typical-run", "PT1S", "requests-per-minute", "6000"));
    // A create may take 5 s here, so the job of a replica killed inside one comes back after 7 s, not 2 minutes.
    SeedanceClient seedance = new SeedanceClient(ClientSettings.defaults().withCallTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)));
    new SeedanceWorker(client, seedance, new LookupSecrets(Map.of("SEEDANCE_API_KEY", args[1])::get),
        SeedanceWorker.documentsOf(client), PriceTable.EMPTY, settings);
    System.out.println("ready");
    System.out.flush();
    Thread.currentThread().join(); // until killed
  }
}
