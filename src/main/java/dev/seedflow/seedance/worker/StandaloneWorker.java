package dev.seedflow.seedance.worker;

import com.sun.net.httpserver.HttpHandler;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.settings.RefusedSetting;
import dev.seedflow.seedance.worker.engine.ClientEnvironment;
import dev.seedflow.seedance.worker.inputs.LookupSecrets;
import dev.seedflow.seedance.worker.shared.WorkerMeters;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import io.camunda.client.CamundaClient;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the worker alone against any Camunda 8 cluster. The client is configured by the standard
 * Camunda client environment variables (for example CAMUNDA_GRPC_ADDRESS, CAMUNDA_REST_ADDRESS, the
 * four of OAuth; CAMUNDA_PREFER_REST=false for a gateway that speaks only gRPC), checked first
 * ({@link ClientEnvironment}), and by the worker's own settings from the same environment
 * (SEEDFLOW_WORKER_*, SEEDFLOW_PRICES). {@code {{secrets.X}}} resolves as in the connectors
 * runtime: from the environment variable X after the prefix
 * CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX, which is SECRET_ when unset, as in the
 * runtime since 8.9. Packaged as {@code seedflow-<version>-worker.jar}: {@code java -jar} it. With
 * SEEDFLOW_WORKER_MANAGEMENT_PORT set, it serves its meters and health probes there ({@link
 * ManagementEndpoint}).
 */
public final class StandaloneWorker {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneWorker.class);

  private StandaloneWorker() {}

  public static void main(String[] args) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      start(stopped);
    } catch (UncheckedIOException | SeedanceException | RefusedSetting setting) {
      // A port in use, a setting out of range, OAuth set in part: one line that names it, no stack
      // trace.
      LOG.error("The Seedance worker did not start: {}", setting.getMessage());
      System.exit(1); // runs the stop hook: whatever had started is closed, and no job stays held
    } catch (RuntimeException | Error e) {
      LOG.error("The Seedance worker did not start: {}", e.getMessage(), e);
      System.exit(1);
    }
    stopped.await();
  }

  /**
   * Starts all or nothing: the settings are bound and the management port opened before anything is
   * taken, and the stop hook is in place before the worker takes its first job, so a start that
   * fails at any step exits non-zero with every job it may hold handed back.
   */
  private static void start(CountDownLatch stopped) {
    WorkerSettings settings = WorkerSettings.fromEnvironment(System.getenv());
    ManagementEndpoint management =
        settings.managementPort() == null
            ? null
            : ManagementEndpoint.bind(settings.managementPort());
    CamundaClient camunda = ClientEnvironment.client(System.getenv());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    WorkerMeters meters = new WorkerMeters(registry);
    AtomicReference<SeedanceWorker> started = new AtomicReference<>();
    AtomicBoolean stopping = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  SeedanceWorker worker = started.get();
                  if (worker != null)
                    worker.close(); // not ready from its first moment, so a probe sees the stop
                  if (management != null) management.close();
                  camunda.close();
                  stopped.countDown();
                }));
    // Built, then started: it takes jobs as its last step, and closes itself (handing them back)
    // when a step fails.
    SeedanceWorker worker =
        new SeedanceWorker(
            camunda,
            new SeedanceClient(settings.clientSettings(), meters),
            LookupSecrets.fromEnvironment(System.getenv()),
            SeedanceWorker.documentsOf(camunda),
            PriceTable.fromSystem(),
            settings,
            meters);
    started.set(worker);
    // A stop that came before this line found no worker in the hook; one after it closes the
    // worker, before or after its start (the two take turns), and a closed worker does not start.
    if (stopping.get()) worker.close();
    else worker.start();
    if (management != null) {
      management.serve(
          registry,
          worker::ready,
          worker
              .callbacks()
              .filter(endpoint -> settings.callbacks().port() == null)
              .map(HttpHandler.class::cast));
    }
    LOG.info(
        "Seedance worker started on Java {}, {}; it takes jobs once the Camunda gateway answers",
        Runtime.version().feature(),
        management == null
            ? "with no management port (SEEDFLOW_WORKER_MANAGEMENT_PORT opens one)"
            : "management port "
                + management.port()
                + " ("
                + String.join(
                    ", ",
                    ManagementEndpoint.METRICS,
                    ManagementEndpoint.LIVE,
                    ManagementEndpoint.READY)
                + ")");
  }
}
