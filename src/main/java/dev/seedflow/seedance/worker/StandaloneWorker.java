package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import io.camunda.client.CamundaClient;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the worker alone against any Camunda 8 cluster. The client is configured by the standard Camunda client
 * environment variables (for example CAMUNDA_GRPC_ADDRESS, CAMUNDA_REST_ADDRESS, CAMUNDA_CLIENT_ID,
 * CAMUNDA_CLIENT_SECRET; CAMUNDA_PREFER_REST=false for a gateway that speaks only gRPC), and by the worker's own settings
 * from the same environment (SEEDFLOW_WORKER_*, SEEDFLOW_PRICES). {@code {{secrets.X}}} resolves as in the connectors
 * runtime: from the environment variable X after the prefix CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX.
 * Packaged as {@code seedflow-<version>-worker.jar}: {@code java -jar} it.
 */
public final class StandaloneWorker {
  private StandaloneWorker() {}

  public static void main(String[] args) throws InterruptedException {
    CamundaClient camunda = CamundaClient.newClientBuilder().build();
    WorkerSettings settings = WorkerSettings.fromEnvironment(System.getenv());
    SeedanceWorker worker = new SeedanceWorker(camunda, new SeedanceClient(settings.clientSettings()), LookupSecrets.fromEnvironment(System.getenv()),
        SeedanceWorker.documentsOf(camunda), PriceTable.fromSystem(), settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.close();
      camunda.close();
      stopped.countDown();
    }));
    stopped.await();
  }
}
