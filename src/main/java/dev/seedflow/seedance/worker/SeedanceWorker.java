package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.DownloadLimits;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.model.JobTypes;
import dev.seedflow.seedance.store.VideoKeeper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.connector.api.document.DocumentFactory;
import io.camunda.connector.api.secret.SecretProvider;
import io.camunda.connector.document.jackson.JacksonModuleDocumentSerializer;
import io.camunda.connector.jackson.ConnectorsObjectMapperSupplier;
import io.camunda.connector.runtime.core.document.DocumentFactoryImpl;
import io.camunda.connector.runtime.core.document.store.CamundaDocumentStoreImpl;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paired job worker: serves {@link JobTypes#GENERATE} and {@link JobTypes#AWAIT}
 * on any Camunda 8 cluster. One scheduler thread and a fixed I/O pool wait for every video, however many are in
 * flight.
 */
public final class SeedanceWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SeedanceWorker.class);
  /** Engine commands in flight at once; each may hold a thread of the Camunda client's gRPC pool while it runs. */
  static final int ENGINE_COMMANDS_IN_FLIGHT = 8;

  private final List<JobWorker> workers = new ArrayList<>();
  private final ScheduledExecutorService scheduler;
  private final ExecutorService io;
  private final ExecutorService downloads;
  private final TaskWatcher watcher;
  private final JobCommands commands;
  private final SubmitWindow submitWindow = new SubmitWindow();
  private volatile boolean stopping;

  /**
   * @param secrets resolves {@code {{secrets.X}}} in {@code provider.apiKey} and {@code provider.baseUrl} as the connectors
   *     runtime does (its secret provider, or the environment); nowhere else
   * @param documents the document store finished videos are kept in: the connectors runtime's, or one on this client
   * @param prices what a model's tokens cost, for the estimate and the cost in results (empty: tokens only)
   */
  public SeedanceWorker(CamundaClient camunda, SeedanceClient seedance, SecretProvider secrets, DocumentFactory documents,
      PriceTable prices, WorkerSettings settings) {
    this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("seedflow-scheduler"));
    this.io = Executors.newFixedThreadPool(settings.ioThreads(), threads("seedflow-io"));
    this.commands = new JobCommands(camunda, new CommandGate(ENGINE_COMMANDS_IN_FLIGHT), settings.maxJobsInFlight());
    this.downloads = Executors.newFixedThreadPool(settings.storeThreads(), threads("seedflow-store"));
    // The runtime's own mapper and document serializer: documents land in variables exactly as the platform writes them.
    JobFinisher finisher = new JobFinisher(commands, ConnectorsObjectMapperSupplier.getCopy().registerModule(new JacksonModuleDocumentSerializer()));
    Clock clock = Clock.systemUTC();
    VideoKeeper keeper = new VideoKeeper(new DownloadLimits(settings.storeMaxSize().toBytes(), settings.storeTimeLimit()));
    VideoKeeping keeping = new VideoKeeping(keeper, documents, commands, finisher, downloads, scheduler, settings.jobTimeout(),
        () -> stopping, prices, clock);
    ProviderQueue queue = new ProviderQueue(scheduler, commands, finisher, settings, clock);
    this.watcher = new TaskWatcher(seedance, commands, finisher, keeping, queue, settings, scheduler, io, clock);
    ConfinedSecrets resolve = new ConfinedSecrets(secrets);
    for (JobKind kind : JobKind.values()) {
      VideoJobHandler handler = new VideoJobHandler(kind, seedance, commands, watcher, queue, finisher, resolve, io, settings, submitWindow,
          () -> stopping, clock, prices);
      workers.add(camunda.newWorker()
          .jobType(settings.jobType(kind))
          .handler(handler)
          .fetchVariables(JobInputs.FETCHED)
          .name("seedflow-" + kind.name().toLowerCase())
          .maxJobsActive(Math.min(settings.maxJobsInFlight(), 1000))
          .timeout(settings.jobTimeout())
          .open());
    }
    LOG.info("Seedance worker serving {} and {} (up to {} videos in flight)", settings.jobType(JobKind.GENERATE), settings.jobType(JobKind.AWAIT),
        settings.maxJobsInFlight());
  }

  /** The cluster's document store, reached through this client (the Camunda REST API), for a worker outside a connectors runtime. */
  public static DocumentFactory documentsOf(CamundaClient camunda) {
    return new DocumentFactoryImpl(new CamundaDocumentStoreImpl(camunda));
  }

  /** How long task ids went unconfirmed after their create calls: the only window in which a crash can double-submit. */
  public SubmitWindow submitWindow() {
    return submitWindow;
  }

  /** Jobs this worker has ended so far, as the engine confirmed. */
  public long finished() {
    return commands.finished();
  }

  /** Jobs waiting for their video right now. */
  public int waiting() {
    return watcher.waiting();
  }

  /**
   * Stops taking jobs and stops waiting. Jobs still waiting are left to the engine: after their timeout they go to
   * another worker, which resumes their tasks from the task id on the element instance. Provider calls in flight
   * finish (a create still stores its task id); a download in flight is cut short and left to the job's next worker,
   * which downloads again; nothing is failed on the way out.
   */
  @Override
  public void close() {
    stopping = true;
    workers.forEach(JobWorker::close);
    watcher.close();
    io.shutdown();
    downloads.shutdownNow(); // a download cut short is not failed: the job's next worker downloads again
  }

  private static ThreadFactory threads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
