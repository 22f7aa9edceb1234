package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.worker.inputs.LookupSecrets;
import com.sun.net.httpserver.HttpHandler;
import io.camunda.client.CamundaClient;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the worker alone against any Camunda 8 cluster. The client is configured by the standard Camunda client
 * environment variables (for example CAMUNDA_GRPC_ADDRESS, CAMUNDA_REST_ADDRESS, CAMUNDA_CLIENT_ID,
 * CAMUNDA_CLIENT_SECRET; CAMUNDA_PREFER_REST=false for a gateway that speaks only gRPC), and by the worker's own settings
 * from the same environment (SEEDFLOW_WORKER_*, SEEDFLOW_PRICES). {@code {{secrets.X}}} resolves as in the connectors
 * runtime: from the environment variable X after the prefix CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX, which is
 * SECRET_ when unset, as in the runtime since 8.9.
 * Packaged as {@code seedflow-<version>-worker.jar}: {@code java -jar} it. With SEEDFLOW_WORKER_MANAGEMENT_PORT set, it
 * serves its meters and health probes there ({@link ManagementEndpoint}).
 */
public final class StandaloneWorker {
  private StandaloneWorker() {}

  public static void main(String[] args) throws InterruptedException {
    CamundaClient camunda = CamundaClient.newClientBuilder().build();
    WorkerSettings settings = WorkerSettings.fromEnvironment(System.getenv());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    WorkerMeters meters = new WorkerMeters(registry);
    SeedanceWorker worker = new SeedanceWorker(camunda, new SeedanceClient(settings.clientSettings(), meters), LookupSecrets.fromEnvironment(System.getenv()),
        SeedanceWorker.documentsOf(camunda), PriceTable.fromSystem(), settings, meters);
    ManagementEndpoint management = settings.managementPort() == null ? null : ManagementEndpoint.start(settings.managementPort(), registry, worker::ready,
        worker.callbacks().filter(endpoint -> settings.callbacks().port() == null).map(HttpHandler.class::cast));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.close(); // not ready from its first moment, so a probe sees the stop
      if (management != null) management.close();
      camunda.close();
      stopped.countDown();
    }));
    stopped.await();
  }
}
