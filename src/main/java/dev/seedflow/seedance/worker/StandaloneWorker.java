package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.SeedanceClient;
import io.camunda.client.CamundaClient;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the worker alone against any Camunda 8 cluster. The client is configured by the standard Camunda client
 * environment variables (for example CAMUNDA_GRPC_ADDRESS, CAMUNDA_REST_ADDRESS, CAMUNDA_CLIENT_ID,
 * CAMUNDA_CLIENT_SECRET), and by the worker's own settings from the same environment (SEEDFLOW_WORKER_*);
 * {@code {{secrets.X}}} resolves from the environment variable X.
 */
public final class StandaloneWorker {
  private StandaloneWorker() {}

  public static void main(String[] args) throws InterruptedException {
    CamundaClient camunda = CamundaClient.newClientBuilder().build();
    SeedanceWorker worker = new SeedanceWorker(camunda, SeedanceClient.shared(), new LookupSecrets(System::getenv),
        WorkerSettings.fromEnvironment(System.getenv()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.close();
      camunda.close();
      stopped.countDown();
    }));
    stopped.await();
  }
}
