package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.DownloadLimits;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.WebhookSignatures;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.model.JobTypes;
import dev.seedflow.seedance.result.ResultVariables;
import dev.seedflow.seedance.store.VideoKeeper;
import dev.seedflow.seedance.worker.callbacks.CallbackEndpoint;
import dev.seedflow.seedance.worker.callbacks.CallbackHints;
import dev.seedflow.seedance.worker.callbacks.CallbackPeers;
import dev.seedflow.seedance.worker.callbacks.CallbackSettings;
import dev.seedflow.seedance.worker.callbacks.CallbackUrls;
import dev.seedflow.seedance.worker.engine.CommandGate;
import dev.seedflow.seedance.worker.engine.GatewayWatch;
import dev.seedflow.seedance.worker.engine.JobCommands;
import dev.seedflow.seedance.worker.engine.JobFinisher;
import dev.seedflow.seedance.worker.inputs.ConfinedSecrets;
import dev.seedflow.seedance.worker.inputs.JobInputs;
import dev.seedflow.seedance.worker.keeping.VideoKeeping;
import dev.seedflow.seedance.worker.shared.JobKind;
import dev.seedflow.seedance.worker.shared.JobStep;
import dev.seedflow.seedance.worker.shared.WorkerMeters;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import dev.seedflow.seedance.worker.submit.LostCreates;
import dev.seedflow.seedance.worker.submit.ProcessBudgets;
import dev.seedflow.seedance.worker.submit.ProviderQueue;
import dev.seedflow.seedance.worker.submit.SubmitEffects;
import dev.seedflow.seedance.worker.submit.SubmitParts;
import dev.seedflow.seedance.worker.submit.SubmitWindow;
import dev.seedflow.seedance.worker.waiting.TaskReader;
import dev.seedflow.seedance.worker.waiting.TaskWatcher;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.connector.api.document.DocumentFactory;
import io.camunda.connector.api.secret.SecretProvider;
import io.camunda.connector.runtime.core.document.DocumentFactoryImpl;
import io.camunda.connector.runtime.core.document.store.CamundaDocumentStoreImpl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paired job worker: serves {@link JobTypes#GENERATE} and {@link JobTypes#AWAIT} on any Camunda
 * 8 cluster. One scheduler thread, a fixed pool for status reads and one as large for creates wait
 * for every video, however many are in flight.
 */
public final class SeedanceWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SeedanceWorker.class);

  /**
   * Engine commands in flight at once; each may hold a thread of the Camunda client's gRPC pool
   * while it runs.
   */
  static final int ENGINE_COMMANDS_IN_FLIGHT = 8;

  private final List<JobWorker> workers = new ArrayList<>();
  private final ScheduledExecutorService scheduler;
  private final ExecutorService io;
  private final ExecutorService createThreads;
  private final ExecutorService downloads;
  private final TaskWatcher watcher;
  private final ProviderQueue queue;
  private final LostCreates lostCreates;
  private final JobCommands commands;
  private final WorkerSettings settings;
  private final SubmitWindow submitWindow = new SubmitWindow();
  private final GatewayWatch gateway;
  private final CamundaClient camunda;
  private final WorkerMeters meters;
  private final List<VideoJobHandler> handlers = new ArrayList<>();

  /**
   * Where providers' callbacks arrive, when callbacks are on; on its own port if one is set, else
   * mounted by the caller.
   */
  private final CallbackEndpoint callbacks;

  private volatile boolean stopping;
  private boolean started;

  /**
   * Builds the worker; nothing runs, listens or takes a job until {@link #start()}, so a worker
   * that fails to build leaves nothing behind.
   *
   * @param secrets resolves {@code {{secrets.X}}} in {@code provider.apiKey} and {@code
   *     provider.baseUrl} as the connectors runtime does (its secret provider, or the environment);
   *     nowhere else
   * @param documents the document store finished videos are kept in: the connectors runtime's, or
   *     one on this client
   * @param prices what a model's tokens cost, for the estimate and the cost in results (empty:
   *     tokens only)
   */
  public SeedanceWorker(
      CamundaClient camunda,
      SeedanceClient seedance,
      SecretProvider secrets,
      DocumentFactory documents,
      PriceTable prices,
      WorkerSettings settings) {
    this(
        camunda,
        seedance,
        secrets,
        documents,
        prices,
        settings,
        WorkerMeters.unread(),
        JobStep.Probe.NONE);
  }

  /**
   * @param meters where this worker counts (the client counts its requests there when it was built
   *     with them too)
   */
  public SeedanceWorker(
      CamundaClient camunda,
      SeedanceClient seedance,
      SecretProvider secrets,
      DocumentFactory documents,
      PriceTable prices,
      WorkerSettings settings,
      WorkerMeters meters) {
    this(camunda, seedance, secrets, documents, prices, settings, meters, JobStep.Probe.NONE);
  }

  /** With a probe at every step of a job's life: the tests' way to make any step fail. */
  SeedanceWorker(
      CamundaClient camunda,
      SeedanceClient seedance,
      SecretProvider secrets,
      DocumentFactory documents,
      PriceTable prices,
      WorkerSettings settings,
      WorkerMeters meters,
      JobStep.Probe probe) {
    this.settings = settings;
    this.camunda = camunda;
    this.meters = meters;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(threads("seedflow-scheduler"));
    this.io = Executors.newFixedThreadPool(settings.ioThreads(), threads("seedflow-io"));
    // Creates have threads of their own, as many as the provider queue lets hold an intent at once:
    // none waits behind a read.
    this.createThreads =
        Executors.newFixedThreadPool(settings.ioThreads(), threads("seedflow-create"));
    this.commands =
        new JobCommands(
            camunda, new CommandGate(ENGINE_COMMANDS_IN_FLIGHT), settings.maxJobsInFlight());
    this.downloads =
        Executors.newFixedThreadPool(settings.storeThreads(), threads("seedflow-store"));
    // The runtime's own mapper and document serializer: documents land in variables exactly as the
    // platform writes them.
    JobFinisher finisher = new JobFinisher(commands, ResultVariables.mapper(), probe, meters);
    Clock clock = Clock.systemUTC();
    VideoKeeper keeper =
        new VideoKeeper(
            seedance,
            new DownloadLimits(settings.storeMaxSize().toBytes(), settings.storeTimeLimit()),
            WorkerSettings.PREFIX + ".store-max-size");
    VideoKeeping keeping =
        new VideoKeeping(
            keeper,
            documents,
            commands,
            finisher,
            downloads,
            scheduler,
            settings.jobTimeout(),
            () -> stopping,
            prices,
            meters,
            clock);
    SubmitEffects inTheEngine = new SubmitInTheEngine(commands, finisher);
    this.queue = new ProviderQueue(scheduler, inTheEngine, settings, () -> stopping, clock);
    this.watcher =
        new TaskWatcher(
            TaskReader.of(seedance),
            new WaitInTheEngine(commands, finisher, keeping, queue),
            settings,
            scheduler,
            io,
            () -> stopping,
            clock);
    this.lostCreates =
        new LostCreates(seedance, inTheEngine, scheduler, io, settings, () -> stopping, clock);
    ConfinedSecrets resolve = new ConfinedSecrets(secrets);
    SubmitParts submitting =
        new SubmitParts(
            seedance,
            commands,
            finisher,
            queue,
            createThreads,
            submitWindow,
            settings.jobTimeout(),
            () -> stopping,
            clock);
    CallbackSettings callbackSettings = settings.callbacks();
    CallbackUrls callbackUrls = CallbackUrls.of(callbackSettings);
    this.callbacks =
        callbackSettings.enabled()
            ? new CallbackEndpoint(
                new CallbackHints(
                    callbackUrls.tokens(),
                    watcher,
                    new CallbackPeers(callbackSettings.peers()),
                    seedance,
                    new WebhookSignatures(seedance, callbackSettings.falKeys(), clock),
                    meters::callback))
            : null;
    this.gateway =
        new GatewayWatch(
            camunda,
            scheduler,
            settings.jobType(JobKind.GENERATE)
                + " and "
                + settings.jobType(JobKind.AWAIT)
                + " (up to "
                + settings.maxJobsInFlight()
                + " videos in flight)",
            () -> stopping);
    ProcessBudgets budgets = new ProcessBudgets(clock);
    for (JobKind kind : JobKind.values())
      handlers.add(
          new VideoJobHandler(
              kind, submitting, watcher, lostCreates, resolve, prices, callbackUrls, budgets));
  }

  /**
   * Starts what the constructor built: the line's clock, the callback port (when it has its own),
   * the meters' gauges, the gateway's watch, and last the job workers, once every other part
   * stands. A failure on the way closes what started, handing back anything taken, so a worker that
   * did not start holds nothing.
   */
  public synchronized SeedanceWorker start() {
    if (started) throw new IllegalStateException("the Seedance worker was started already");
    started = true;
    if (stopping) return this; // closed before it started: nothing to start, nothing to hand back
    try {
      queue.start();
      Integer ownPort = settings.callbacks().port();
      if (callbacks != null && ownPort != null) callbacks.listen(ownPort);
      meters.watch(this::waiting, this::waitingForRoom);
      gateway.start();
      for (VideoJobHandler handler : handlers) {
        JobKind kind = handler.kind();
        workers.add(
            camunda
                .newWorker()
                .jobType(settings.jobType(kind))
                .handler(handler)
                .fetchVariables(JobInputs.FETCHED)
                .name("seedflow-" + kind.name().toLowerCase())
                .maxJobsActive(Math.min(settings.maxJobsInFlight(), 1000))
                .timeout(settings.jobTimeout())
                .open());
      }
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
    return this;
  }

  /**
   * The callback endpoint when callbacks are on: the standalone worker mounts it on its management
   * port when it has no port of its own.
   */
  public Optional<CallbackEndpoint> callbacks() {
    return Optional.ofNullable(callbacks);
  }

  /** Ready for jobs: open, and the gateway answered its last question. */
  public boolean ready() {
    return !stopping && gateway.answers();
  }

  /**
   * The cluster's document store, reached through this client (the Camunda REST API), for a worker
   * outside a connectors runtime.
   */
  public static DocumentFactory documentsOf(CamundaClient camunda) {
    return new DocumentFactoryImpl(new CamundaDocumentStoreImpl(camunda));
  }

  /**
   * How long task ids went unconfirmed after their create calls: the only window in which a crash
   * can double-submit.
   */
  public SubmitWindow submitWindow() {
    return submitWindow;
  }

  /** Jobs this worker has ended so far, as the engine confirmed. */
  public long finished() {
    return commands.finished();
  }

  /** Jobs waiting for their video right now. */
  public int waiting() {
    return onScheduler(watcher::waiting);
  }

  /**
   * Slots this worker holds in the providers' queues right now: one per task it submitted or
   * watches until the task ends. A slot still held with no job waiting is a leak that would keep
   * later videos from being submitted.
   */
  public int slotsHeld() {
    return onScheduler(queue::held);
  }

  /**
   * Jobs waiting for room at a provider right now (its queue is full, or this worker's limit of
   * unfinished tasks is reached).
   */
  public int waitingForRoom() {
    return onScheduler(queue::inLine);
  }

  /**
   * A count kept on the scheduler thread, read there; -1 when the scheduler does not answer within
   * a second (it stopped).
   */
  private int onScheduler(Callable<Integer> count) {
    try {
      return scheduler.submit(count).get(1, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Jobs this worker handed back to the engine as it stopped, as the engine confirmed. */
  public long handedBack() {
    return commands.handedBack();
  }

  /**
   * Stops gracefully, within {@code shutdownGrace} (SIGTERM for the standalone worker, the Spring
   * context closing in the connectors runtime): no job is activated any more; creates in flight
   * finish and store their task ids; every job this worker holds (waiting for its video, for room
   * at the provider, or to settle a lost create) is handed back to the engine at once, with no
   * retry spent and no incident, so another replica resumes it within seconds rather than after its
   * job timeout. A download in flight is cut short and its job handed back; the next worker
   * downloads again. A create still in flight when the grace runs out leaves its intent, which the
   * next worker settles from the provider's list.
   */
  @Override
  public synchronized void close() {
    if (stopping) return;
    stopping = true;
    long began = System.nanoTime();
    Instant deadline = Instant.now().plus(settings.shutdownGrace());
    workers.forEach(JobWorker::close);
    if (callbacks != null)
      callbacks.close(); // a callback from now on finds the job by its reads at the next worker
    // A download cut short hands its job back, and so does one that never started: the next worker
    // downloads again.
    downloads.shutdownNow().forEach(Runnable::run);
    try {
      scheduler
          .submit(
              () -> {
                queue.handBackAll();
                watcher.handBackAll();
                lostCreates.handBackAll();
              })
          .get();
      createThreads
          .shutdown(); // creates in flight finish: their task ids are stored, then their jobs
      // handed back
      io.shutdown();
      createThreads.awaitTermination(
          Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
      io.awaitTermination(
          Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
      boolean allLeft = commands.awaitAllLeft(deadline);
      LOG.info(
          "Seedance worker stopped in {} ms: {} jobs handed back{}",
          (System.nanoTime() - began) / 1_000_000,
          commands.handedBack(),
          allLeft
              ? ""
              : "; "
                  + commands.inFlight()
                  + " still held when the grace of "
                  + settings.shutdownGrace()
                  + " ran out come back after their job timeout");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | RejectedExecutionException e) {
      LOG.warn("Handing jobs back failed; they come back after their job timeout", e);
    } finally {
      createThreads.shutdownNow();
      io.shutdownNow();
      scheduler.shutdownNow();
    }
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
