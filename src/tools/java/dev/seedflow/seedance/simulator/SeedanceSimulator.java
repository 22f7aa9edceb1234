package dev.seedflow.seedance.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.seedflow.seedance.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Seedance provider on loopback HTTP that speaks every dialect, the hosts fal and Replicate
 * included: tasks go queued, running (with progress), then succeeded (or as their prompt directs,
 * see {@link TaskScript}), requests are checked as the providers check them, and faults can be
 * armed. The demo, the examples, the tests and the benchmarks run against it; users can run it with
 * {@code ./seedance simulator} to try their own processes.
 */
public final class SeedanceSimulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SeedanceSimulator.class);
  private static final ObjectMapper JSON = Json.mapper();
  private static final String ARK_TASKS = "/api/v3/contents/generations/tasks";

  /**
   * The two status paths the gateways document; either can be made to answer 404 to test a client's
   * fallback.
   */
  public enum GatewayStatusPath {
    VIDEOS_ID,
    VIDEOS_GENERATIONS_ID
  }

  private final SimulatorSettings settings;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, SimulatedTask> tasks = new ConcurrentHashMap<>();
  // Queues, not copy-on-write lists: a benchmark sends 100,000 creates, and copying the whole log
  // on each would cost N squared.
  private final Queue<RecordedRequest> log = new ConcurrentLinkedQueue<>();
  private final Queue<String> createdPrompts = new ConcurrentLinkedQueue<>();

  /**
   * Task ids by prompt, in the order created: what a person finds when they look for a task in the
   * provider's console.
   */
  private final Map<String, List<String>> tasksByPrompt = new ConcurrentHashMap<>();

  private final Faults faults = new Faults();
  private final SimulatedMedia media = new SimulatedMedia();
  private final ReadRateLimit readLimit = new ReadRateLimit();
  private final SimulatedCallbacks callbacks;
  private final HostSigner signer = new HostSigner();
  private volatile int unfinishedLimit;
  private final java.util.concurrent.atomic.AtomicInteger mostUnfinished =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Set<GatewayStatusPath> missingPaths = ConcurrentHashMap.newKeySet();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Random random;
  private final AtomicLong sequence = new AtomicLong();
  private final Instant startedAt = Instant.now();
  private final long startedNanos = System.nanoTime();

  /** Real time the clock stood still, and when the current pause began (0 while it runs). */
  private long pausedNanos;

  private long pausedSince;

  private SeedanceSimulator(SimulatorSettings settings, int port) throws IOException {
    this.settings = settings;
    this.random = new Random(settings.randomSeed());
    this.callbacks = new SimulatedCallbacks(this::now, settings.timeScale(), signer);
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts on a free loopback port. */
  public static SeedanceSimulator start(SimulatorSettings settings) {
    return start(settings, 0);
  }

  public static SeedanceSimulator start(SimulatorSettings settings, int port) {
    try {
      return new SeedanceSimulator(settings, port);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the Seedance simulator on port " + port, e);
    }
  }

  /** The base URL to give as {@code provider.baseUrl}, for every dialect. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * At most this many unfinished (queued or running) tasks at once, as a provider account takes
   * (BytePlus about 120): a create beyond it is refused with 429 QuotaExceeded and no Retry-After,
   * as Ark refuses it. 0: no limit.
   */
  public void limitUnfinishedTasks(int limit) {
    unfinishedLimit = limit;
  }

  /**
   * The most tasks that were unfinished at once, counted at every create while a limit is set (0
   * without one).
   */
  public int mostUnfinishedAtOnce() {
    return mostUnfinished.get();
  }

  /**
   * At most this many status reads a minute per API key, in real time, as a provider's rate limit:
   * reads beyond it are refused with 429 and no Retry-After, so a client learns the limit only from
   * the refusals. 0: no limit.
   */
  public void limitReadsPerMinute(int perMinute) {
    readLimit.set(perMinute);
  }

  /** When each status read refused for the read limit arrived, in order. */
  public List<Instant> readsRefusedForRate() {
    return readLimit.refusals();
  }

  /** Every result URL handed out so far answers 403 from now on, as a day-old link does. */
  public void expireMediaLinks() {
    media.expireAll(now());
  }

  /**
   * Result URLs answer a redirect to {@code url} from now on (a storage that points somewhere it
   * should not).
   */
  public void redirectMediaTo(String url) {
    media.redirectTo(url);
  }

  /** The bytes served for every video, and for every last frame. */
  public static byte[] servedVideo() {
    return SimulatedMedia.CLIP.clone();
  }

  public static byte[] servedLastFrame() {
    return SimulatedMedia.LAST_FRAME.clone();
  }

  /**
   * Where the simulated fal publishes its webhook keys: the address for {@code
   * seedflow.worker.callbacks.fal-keys}.
   */
  public String falKeysUrl() {
    return baseUrl() + HostSigner.JWKS_PATH;
  }

  /**
   * The callbacks sent to the URLs creates gave (Ark's {@code callback_url}, fal's {@code
   * fal_webhook}, Replicate's {@code webhook}), and their faults.
   */
  public SimulatedCallbacks callbacks() {
    return callbacks;
  }

  public Faults faults() {
    return faults;
  }

  /**
   * Every request received, in order, from the moment it arrived (also those that were then refused
   * or hung).
   */
  public List<RecordedRequest> requests() {
    return List.copyOf(log);
  }

  public long count(RequestKind kind) {
    return log.stream().filter(r -> r.kind() == kind).count();
  }

  /**
   * The ids of the tasks created with this prompt, as a person looking in the provider's console
   * would find them.
   */
  public List<String> tasksWithPrompt(String prompt) {
    return List.copyOf(tasksByPrompt.getOrDefault(prompt, List.of()));
  }

  /**
   * The prompt of every task created so far, once per task: a prompt seen twice is a duplicate paid
   * task.
   */
  public List<String> promptsOfCreatedTasks() {
    return List.copyOf(createdPrompts);
  }

  /**
   * When a task reached its final state (by the id the client holds), in wall-clock time (the
   * simulated moment divided back by the time scale, plus the pauses, so exact for a task that
   * ended after the last pause); empty while it runs. Benchmarks measure the lag from here to the
   * BPMN step completing.
   */
  public Optional<Instant> finishedAt(String taskId) {
    SimulatedTask task = tasks.get(ownId(taskId));
    if (task == null || !task.readAt(now()).state().isFinal()) return Optional.empty();
    Instant simulatedEnd = task.updatedAt(now());
    long simulatedNanos = Duration.between(startedAt, simulatedEnd).toNanos();
    long paused;
    synchronized (this) {
      paused = pausedNanos;
    }
    return Optional.of(
        startedAt.plusNanos((long) (simulatedNanos / settings.timeScale()) + paused));
  }

  /**
   * The id this provider keeps a task under, from the id a client holds: the same, but for fal,
   * whose request id ends Seedflow's task id, after the app's path ({@code
   * bytedance:seedance-2.0:<request id>}). Read paths name this id.
   */
  public static String ownId(String clientTaskId) {
    return clientTaskId.substring(clientTaskId.lastIndexOf(':') + 1);
  }

  /** How many tasks were created (and would have been billed). */
  public int tasksCreated() {
    return (int) sequence.get();
  }

  public void answer404On(GatewayStatusPath path) {
    missingPaths.add(path);
  }

  /**
   * The simulated provider's clock: real time since start, less the pauses, times the time scale.
   */
  public synchronized Instant now() {
    long stoppedAt = pausedSince != 0 ? pausedSince : System.nanoTime();
    long elapsed = stoppedAt - startedNanos - pausedNanos;
    return startedAt.plusNanos((long) (elapsed * settings.timeScale()));
  }

  /**
   * Stops the provider's clock, as a provider that queues everything while it is busy: tasks keep
   * their state and progress until {@link #resumeClock()}. The capacity benchmark holds its videos
   * in flight this way while it adds more.
   */
  public synchronized void pauseClock() {
    if (pausedSince == 0) pausedSince = System.nanoTime();
  }

  public synchronized void resumeClock() {
    if (pausedSince == 0) return;
    pausedNanos += System.nanoTime() - pausedSince;
    pausedSince = 0;
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getRawQuery();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      if (method.equals("GET") && path.equals(HostSigner.JWKS_PATH)) {
        send(exchange, 200, signer.jwks(), Map.of()); // public, as fal's is
        return;
      }
      Route route = Route.of(method, path);
      boolean authorized =
          route.kind() == RequestKind.MEDIA
              || authorized(
                  exchange.getRequestHeaders().getFirst("Authorization"), route.dialect());
      log.add(
          new RecordedRequest(Instant.now(), route.kind(), method, path, query, body, authorized));
      if (!authorized) {
        send(
            exchange,
            401,
            TaskViews.error(
                route.errorDialect(),
                401,
                route.errorDialect() == WireFormat.ARK ? "AuthenticationError" : "Unauthorized",
                "The API key in the request is missing or invalid.",
                null),
            Map.of());
        return;
      }
      if (route.kind() == RequestKind.READ
          && !readLimit.admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
        sendRateLimited(exchange, route, null);
        return;
      }
      Optional<Fault> fault = faults.take(route.kind());
      if (fault.isPresent() && refuse(exchange, route, fault.get())) {
        return;
      }
      if (route.kind() == RequestKind.MEDIA) {
        if (fault.orElse(null) instanceof Fault.SlowAnswer slow)
          stopped.await(slow.delay().toMillis(), TimeUnit.MILLISECONDS);
        media.serve(exchange, baseUrl(), now());
        return;
      }
      Answer answer =
          answer(
              route,
              body,
              query,
              exchange.getRequestHeaders().getFirst("Cancel-After"),
              fault.orElse(null));
      if (fault.orElse(null) instanceof Fault.SlowAnswer slow) {
        stopped.await(slow.delay().toMillis(), TimeUnit.MILLISECONDS);
      }
      if (fault.orElse(null) instanceof Fault.MalformedBody) {
        sendText(
            exchange,
            200,
            "<html><body><h1>502 Bad Gateway</h1>upstream sent an invalid answer</body></html>");
      } else if (fault.orElse(null) instanceof Fault.TakenThenServerError error) {
        send(
            exchange,
            error.status(),
            TaskViews.error(
                route.errorDialect(),
                error.status(),
                "InternalServiceError",
                "The service encountered an unexpected internal error.",
                null),
            Map.of());
      } else {
        send(exchange, answer.status(), answer.body(), answer.headers());
      }
    } catch (IOException e) {
      LOG.debug("Simulator client went away: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("Simulator failed on a request", e);
      try {
        send(
            exchange,
            500,
            TaskViews.error(
                WireFormat.UNIFIED, 500, "SimulatorError", "The simulator failed: " + e, null),
            Map.of());
      } catch (IOException | RuntimeException alreadyAnswering) {
        LOG.debug("Could not report the simulator failure", alreadyAnswering);
      }
    }
  }

  /**
   * Applies a fault that refuses the request before it is taken; false when the fault acts later.
   */
  private boolean refuse(HttpExchange exchange, Route route, Fault fault) throws IOException {
    switch (fault) {
      case Fault.RateLimited limited -> sendRateLimited(exchange, route, limited.retryAfter());
      case Fault.ServerError error ->
          send(
              exchange,
              error.status(),
              TaskViews.error(
                  route.errorDialect(),
                  error.status(),
                  error.status() == 503 ? "ServerOverloaded" : "InternalServiceError",
                  "The service encountered an unexpected internal error.",
                  null),
              Map.of());
      case Fault.ResetConnection reset -> {
        // Closing without an answer makes the JDK server drop the connection.
        exchange.getResponseBody().close();
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** 429 as the provider words it, with a Retry-After when {@code retryAfter} is given. */
  private static void sendRateLimited(HttpExchange exchange, Route route, Duration retryAfter)
      throws IOException {
    send(
        exchange,
        429,
        TaskViews.error(
            route.errorDialect(),
            429,
            route.errorDialect() == WireFormat.ARK
                ? "RateLimitExceeded.EndpointRPMExceeded"
                : "rate_limit_exceeded",
            "Too many requests: the rate limit of this endpoint was exceeded. Retry later.",
            null),
        retryAfter == null
            ? Map.of()
            : Map.of("Retry-After", String.valueOf(Math.max(0, retryAfter.toSeconds()))));
  }

  private record Answer(int status, JsonNode body, Map<String, String> headers) {
    Answer(int status, JsonNode body) {
      this(status, body, Map.of());
    }
  }

  private Answer answer(Route route, String body, String query, String cancelAfter, Fault fault) {
    Instant now = now();
    try {
      return switch (route.kind()) {
        case CREATE -> create(route, body, query, cancelAfter, now);
        case READ ->
            route.taskId() == null
                ? (route.dialect() == WireFormat.REPLICATE
                    ? listReplicate(query, now)
                    : listArk(query, now))
                : route.dialect() == WireFormat.FAL
                    ? readFal(route, now, fault)
                    : read(route, now, fault);
        case CANCEL -> cancel(route, now);
        case OTHER ->
            route.path().equals(HostSigner.SECRET_PATH) && route.dialect() == WireFormat.REPLICATE
                ? new Answer(200, signer.secret())
                : new Answer(
                    404,
                    TaskViews.error(
                        route.errorDialect(),
                        404,
                        "NotFound",
                        "No such endpoint: " + route.path(),
                        null));
        case MEDIA ->
            new Answer(
                404,
                TaskViews.error(
                    route.errorDialect(),
                    404,
                    "NotFound",
                    "No such endpoint: " + route.path(),
                    null));
      };
    } catch (Rejection r) {
      return new Answer(
          r.status,
          TaskViews.error(route.errorDialect(), r.status, r.code, r.getMessage(), r.param));
    }
  }

  private Answer create(Route route, String body, String query, String cancelAfter, Instant now)
      throws Rejection {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (IOException e) {
      throw new Rejection(400, "InvalidParameter", "The request body is not valid JSON.", null);
    }
    if (json == null || !json.isObject())
      throw new Rejection(400, "InvalidParameter", "The request body must be a JSON object.", null);
    WireFormat dialect =
        route.dialect() == WireFormat.UNIFIED && !json.has("content")
            ? WireFormat.UNIFIED_LEGACY
            : route.dialect();
    CreateSpec spec =
        switch (dialect) {
          case ARK -> CreateChecks.ark(json);
          case UNIFIED, UNIFIED_LEGACY -> CreateChecks.gateway(json);
          case OPENAI_COMPATIBLE -> CreateChecks.openAi(json);
          case FAL ->
              HostChecks.fal(
                  json,
                  route.scope().substring(0, route.scope().lastIndexOf('/')),
                  route.scope().substring(route.scope().lastIndexOf('/') + 1));
          case REPLICATE -> HostChecks.replicate(json, route.scope(), cancelAfter);
        };
    SimulatedTask task;
    synchronized (tasks) {
      // Counted only under a limit: a scan of every task on every create would cost a 100,000-video
      // benchmark N squared.
      long unfinished =
          unfinishedLimit == 0
              ? 0
              : tasks.values().stream().filter(t -> !t.readAt(now).state().isFinal()).count();
      if (unfinishedLimit > 0 && unfinished >= unfinishedLimit) {
        throw new Rejection(
            429,
            "QuotaExceeded",
            "The request failed because you have reached the limit of "
                + unfinishedLimit
                + " unfinished tasks for this account. Try again after some tasks finish.",
            null);
      }
      task = newTask(dialect, spec, now);
      tasks.put(task.id, task);
      if (unfinishedLimit > 0) mostUnfinished.accumulateAndGet((int) unfinished + 1, Math::max);
    }
    String callbackUrl =
        switch (dialect) {
          case ARK -> json.path("callback_url").asText(null);
          case FAL ->
              queryParams(query).getOrDefault("fal_webhook", List.of()).stream()
                  .findFirst()
                  .orElse(null);
          case REPLICATE -> json.path("webhook").asText(null);
          default -> null;
        };
    if (callbackUrl != null) callbacks.watch(task, callbackUrl);
    createdPrompts.add(String.valueOf(spec.prompt()));
    tasksByPrompt
        .computeIfAbsent(String.valueOf(spec.prompt()), prompt -> new CopyOnWriteArrayList<>())
        .add(task.id);
    ObjectNode answer =
        switch (dialect) {
          case ARK -> JSON.createObjectNode().put("id", task.id);
          case UNIFIED, UNIFIED_LEGACY -> TaskViews.gateway(task, task.readAt(now), now, null);
          case OPENAI_COMPATIBLE -> TaskViews.openAi(task, task.readAt(now), now, null);
          case FAL -> TaskViews.falUrls(task).put("queue_position", 0);
          case REPLICATE -> TaskViews.replicate(task, task.readAt(now), now, null);
        };
    return new Answer(dialect == WireFormat.REPLICATE ? 201 : 200, answer);
  }

  private SimulatedTask newTask(WireFormat dialect, CreateSpec spec, Instant now) {
    long n = sequence.incrementAndGet();
    String suffix =
        Long.toString(n, 36) + Long.toString(Math.abs(random.nextLong()) % 1_000_000_000L, 36);
    String id =
        switch (dialect) {
          case ARK -> "cgt-" + now.getEpochSecond() + "-" + suffix;
          case UNIFIED, UNIFIED_LEGACY -> "task_" + suffix;
          case OPENAI_COMPATIBLE -> "video_" + suffix;
          case FAL ->
              java.util.UUID.nameUUIDFromBytes(suffix.getBytes(StandardCharsets.UTF_8)).toString();
          case REPLICATE -> "r" + suffix + "p".repeat(Math.max(0, 25 - suffix.length()));
        };
    Duration run;
    synchronized (random) {
      long spread = settings.maxRunTime().minus(settings.minRunTime()).toMillis();
      run =
          settings.minRunTime().plusMillis(spread == 0 ? 0 : (long) (random.nextDouble() * spread));
    }
    TaskScript script = TaskScript.from(spec.prompt(), settings.queueTime(), run);
    long seed = spec.seed() == null || spec.seed() == -1 ? Math.abs(random.nextInt()) : spec.seed();
    return new SimulatedTask(
        id,
        dialect,
        spec.model(),
        now,
        script,
        spec.duration(),
        spec.resolution(),
        spec.ratio(),
        seed,
        spec.generateAudio(),
        spec.returnLastFrame(),
        spec.serviceTier(),
        spec.executionExpiresAfter() == null ? 172_800 : spec.executionExpiresAfter(),
        baseUrl() + SimulatedMedia.PATH,
        spec.outputFormat());
  }

  private Answer read(Route route, Instant now, Fault fault) {
    if (route.statusPath() != null && missingPaths.contains(route.statusPath())) {
      return new Answer(
          404,
          TaskViews.error(
              WireFormat.UNIFIED,
              404,
              "not_found",
              "Invalid URL (GET " + route.path() + ")",
              null));
    }
    SimulatedTask task = tasks.get(route.taskId());
    if (task == null) {
      return notFound(route);
    }
    String word = fault instanceof Fault.UnknownStatusWord unknown ? unknown.word() : null;
    return new Answer(200, TaskViews.render(task, task.readAt(now), now, word));
  }

  /**
   * fal: the status at {@code .../status}, the result at the request's own path: the video once it
   * succeeded; once it failed, fal's model-error form (422, {@code detail} listing {@code {loc,
   * msg, type}}) or its request-error form (503 or 504 with {@code error_type} and {@code
   * X-Fal-Error-Type}); and 400 while it runs. A path under another app than the one fal named is
   * not found, as a client that rebuilt the URL from the model and mode would find.
   */
  private Answer readFal(Route route, Instant now, Fault fault) {
    SimulatedTask task = tasks.get(route.taskId());
    if (task == null || !HostChecks.falApp(task.model).equals(route.scope())) {
      return notFound(route);
    }
    SimulatedTask.Reading reading = task.readAt(now);
    if (!route.result()) {
      return new Answer(
          200,
          TaskViews.falStatus(
              task,
              reading,
              fault instanceof Fault.UnknownStatusWord unknown ? unknown.word() : null));
    }
    return switch (reading.state()) {
      case SUCCEEDED -> new Answer(200, TaskViews.falResult(task, now));
      case QUEUED, RUNNING ->
          new Answer(
              400,
              TaskViews.error(
                  WireFormat.FAL,
                  400,
                  "request_in_progress",
                  "Request is still in progress",
                  null));
      case CANCELLED -> falRequestError(400, "request_cancelled", "Request was cancelled");
      case EXPIRED ->
          falRequestError(504, "request_timeout", TaskViews.failureMessage(task, reading));
      case FAILED ->
          FAL_REQUEST_ERRORS.containsKey(task.script.failureCode())
              ? falRequestError(
                  FAL_REQUEST_ERRORS.get(task.script.failureCode()),
                  task.script.failureCode(),
                  "Runner failed: " + task.script.failureCode())
              : new Answer(
                  422,
                  TaskViews.falModelError(
                      task.script.failureCode(), TaskViews.failureMessage(task, reading)));
    };
  }

  /**
   * fal's request errors and the status each typically comes with (fal, "Request Error Types"): a
   * prompt that fails with one of these types ({@code [sim:fail=runner_disconnected]}) gets the
   * request-error form, any other type the model-error form.
   */
  static final Map<String, Integer> FAL_REQUEST_ERRORS =
      Map.of(
          "request_timeout",
          504,
          "startup_timeout",
          504,
          "runner_scheduling_failure",
          503,
          "runner_connection_timeout",
          503,
          "runner_disconnected",
          503,
          "runner_connection_refused",
          503,
          "runner_connection_error",
          503,
          "runner_incomplete_response",
          502,
          "runner_server_error",
          500,
          "internal_error",
          500);

  /**
   * fal's request-error form: {@code {detail, error_type}}, the type also in {@code
   * X-Fal-Error-Type}.
   */
  private static Answer falRequestError(int status, String type, String detail) {
    return new Answer(
        status,
        TaskViews.error(WireFormat.FAL, status, type, detail, null),
        Map.of("X-Fal-Error-Type", type));
  }

  /**
   * Ark's list: by {@code filter.task_ids}, or every task (of {@code filter.model}, in {@code
   * filter.status}) newest first, a page of {@code page_size} (at most 500) at {@code page_num},
   * with the {@code total} that matched.
   */
  private Answer listArk(String query, Instant now) {
    Map<String, List<String>> params = queryParams(query);
    List<String> ids = params.getOrDefault("filter.task_ids", List.of());
    int pageSize =
        Math.min(
            500,
            Math.max(
                1, Integer.parseInt(params.getOrDefault("page_size", List.of("10")).getFirst())));
    int page =
        Math.max(1, Integer.parseInt(params.getOrDefault("page_num", List.of("1")).getFirst()));
    String model = params.getOrDefault("filter.model", List.of("")).getFirst();
    String status = params.getOrDefault("filter.status", List.of("")).getFirst();
    List<SimulatedTask> selected =
        ids.isEmpty()
            ? tasks.values().stream()
                .filter(
                    t ->
                        t.dialect == WireFormat.ARK
                            && (model.isEmpty() || model.equals(t.model))
                            && (status.isEmpty()
                                || t.readAt(now).state().name().equalsIgnoreCase(status)))
                .sorted(java.util.Comparator.comparing((SimulatedTask t) -> t.createdAt).reversed())
                .toList()
            : ids.stream()
                .map(tasks::get)
                .filter(t -> t != null && t.dialect == WireFormat.ARK)
                .toList();
    ObjectNode answer = JSON.createObjectNode().put("total", selected.size());
    var items = answer.putArray("items");
    selected.stream()
        .skip((long) (page - 1) * pageSize)
        .limit(pageSize)
        .forEach(t -> items.add(TaskViews.ark(t, t.readAt(now), now, null)));
    return new Answer(200, answer);
  }

  /**
   * Replicate's list ({@code GET /v1/predictions}): every model's predictions, newest first, 100 a
   * page, with the {@code next} page's URL (a cursor) while there are more, each with the {@code
   * input} it was created with.
   */
  private Answer listReplicate(String query, Instant now) {
    int from =
        Math.max(
            0,
            Integer.parseInt(queryParams(query).getOrDefault("cursor", List.of("0")).getFirst()));
    List<SimulatedTask> all =
        tasks.values().stream()
            .filter(t -> t.dialect == WireFormat.REPLICATE)
            .sorted(java.util.Comparator.comparing((SimulatedTask t) -> t.createdAt).reversed())
            .toList();
    ObjectNode answer = JSON.createObjectNode();
    if (from + 100 < all.size())
      answer.put("next", baseUrl() + "/v1/predictions?cursor=" + (from + 100));
    else answer.putNull("next");
    answer.putNull("previous");
    var results = answer.putArray("results");
    all.stream()
        .skip(from)
        .limit(100)
        .forEach(t -> results.add(TaskViews.replicate(t, t.readAt(now), now, null)));
    return new Answer(200, answer);
  }

  private Answer cancel(Route route, Instant now) throws Rejection {
    SimulatedTask task = tasks.get(route.taskId());
    if (task == null) {
      return notFound(route);
    }
    if (route.dialect() == WireFormat.FAL) {
      // fal (fal, "Cancel a request"): a request in the queue is removed (OK); one that runs is
      // signalled
      // (CANCELLATION_REQUESTED), and the simulated app stops; one that ended is past cancelling
      // (400 ALREADY_COMPLETED).
      SimulatedTask.State state = task.readAt(now).state();
      if (state.isFinal())
        return new Answer(400, JSON.createObjectNode().put("status", "ALREADY_COMPLETED"));
      task.stopAt(now);
      return new Answer(
          202,
          JSON.createObjectNode()
              .put(
                  "status", state == SimulatedTask.State.QUEUED ? "OK" : "CANCELLATION_REQUESTED"));
    }
    if (route.dialect() == WireFormat.REPLICATE) {
      task.cancelAt(now);
      return new Answer(200, TaskViews.replicate(task, task.readAt(now), now, null));
    }
    SimulatedTask.State state = task.readAt(now).state();
    if (state == SimulatedTask.State.RUNNING) {
      throw Rejection.invalid(
          "id", "Task " + task.id + " is running; only a queued task can be cancelled.");
    }
    if (state != SimulatedTask.State.QUEUED) {
      tasks.remove(task.id); // Ark deletes the record of a finished task
    } else {
      task.cancelAt(now);
    }
    return new Answer(200, JSON.createObjectNode());
  }

  private Answer notFound(Route route) {
    return new Answer(
        404,
        TaskViews.error(
            route.errorDialect(),
            404,
            route.errorDialect() == WireFormat.ARK ? "ResourceNotFound" : "task_not_found",
            "The specified task " + route.taskId() + " is not found.",
            "id"));
  }

  /** fal takes the key as {@code Key <key>}, every other API as {@code Bearer <key>}. */
  private boolean authorized(String header, WireFormat dialect) {
    String scheme = dialect == WireFormat.FAL ? "Key " : "Bearer ";
    if (header == null || !header.startsWith(scheme) || header.substring(scheme.length()).isBlank())
      return false;
    return settings.apiKey() == null || settings.apiKey().equals(header.substring(scheme.length()));
  }

  private static Map<String, List<String>> queryParams(String query) {
    Map<String, List<String>> params = new java.util.HashMap<>();
    if (query == null) return params;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return params;
  }

  private static void send(
      HttpExchange exchange, int status, JsonNode body, Map<String, String> headers)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    headers.forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    stopped.countDown();
    server.stop(0);
    callbacks.close();
    executor.shutdownNow();
  }

  /**
   * Where a request goes: which API, what it does, and the task it names.
   *
   * @param scope a host's model on a create ({@code bytedance/seedance-2.0/fast/text-to-video} on
   *     fal), the fal app a request is read under
   * @param result a read of a fal request's result rather than its status
   */
  private record Route(
      RequestKind kind,
      WireFormat dialect,
      String taskId,
      GatewayStatusPath statusPath,
      String path,
      String scope,
      boolean result) {
    private static final String PREDICTIONS = "/v1/predictions/";

    Route(
        RequestKind kind,
        WireFormat dialect,
        String taskId,
        GatewayStatusPath statusPath,
        String path) {
      this(kind, dialect, taskId, statusPath, path, null, false);
    }

    static Route of(String method, String path) {
      boolean get = method.equals("GET");
      if (get && path.startsWith(SimulatedMedia.PATH)) {
        return new Route(RequestKind.MEDIA, WireFormat.ARK, null, null, path);
      }
      if (path.equals(ARK_TASKS)) {
        return new Route(
            get ? RequestKind.READ : method.equals("POST") ? RequestKind.CREATE : RequestKind.OTHER,
            WireFormat.ARK,
            null,
            null,
            path);
      }
      if (path.startsWith(ARK_TASKS + "/")) {
        RequestKind kind =
            get
                ? RequestKind.READ
                : method.equals("DELETE") ? RequestKind.CANCEL : RequestKind.OTHER;
        return new Route(kind, WireFormat.ARK, path.substring(ARK_TASKS.length() + 1), null, path);
      }
      if (method.equals("POST")
          && (path.equals("/v1/videos/generations") || path.equals("/v1/video/generations"))) {
        return new Route(RequestKind.CREATE, WireFormat.UNIFIED, null, null, path);
      }
      if (method.equals("POST") && path.equals("/v1/videos")) {
        return new Route(RequestKind.CREATE, WireFormat.OPENAI_COMPATIBLE, null, null, path);
      }
      if (get && path.startsWith("/v1/videos/generations/")) {
        return new Route(
            RequestKind.READ,
            WireFormat.UNIFIED,
            path.substring("/v1/videos/generations/".length()),
            GatewayStatusPath.VIDEOS_GENERATIONS_ID,
            path);
      }
      if (get && path.startsWith("/v1/videos/") && path.indexOf('/', "/v1/videos/".length()) < 0) {
        return new Route(
            RequestKind.READ,
            WireFormat.UNIFIED,
            path.substring("/v1/videos/".length()),
            GatewayStatusPath.VIDEOS_ID,
            path);
      }
      if (method.equals("POST")
          && path.startsWith("/v1/models/")
          && path.endsWith("/predictions")) {
        String model =
            path.substring("/v1/models/".length(), path.length() - "/predictions".length());
        return new Route(RequestKind.CREATE, WireFormat.REPLICATE, null, null, path, model, false);
      }
      if (get && path.equals("/v1/predictions")) {
        return new Route(RequestKind.READ, WireFormat.REPLICATE, null, null, path);
      }
      if (get && path.equals(HostSigner.SECRET_PATH)) {
        return new Route(RequestKind.OTHER, WireFormat.REPLICATE, null, null, path);
      }
      if (path.startsWith(PREDICTIONS)) {
        String rest = path.substring(PREDICTIONS.length());
        if (get && rest.indexOf('/') < 0)
          return new Route(RequestKind.READ, WireFormat.REPLICATE, rest, null, path);
        if (method.equals("POST")
            && rest.endsWith("/cancel")
            && rest.indexOf('/') == rest.length() - "/cancel".length()) {
          return new Route(
              RequestKind.CANCEL,
              WireFormat.REPLICATE,
              rest.substring(0, rest.indexOf('/')),
              null,
              path);
        }
      }
      return fal(method, path);
    }

    /**
     * fal: {@code POST /<app>[/tier]/<endpoint>}, and {@code /<app>/requests/<id>} with {@code
     * /status} or {@code /cancel}.
     */
    private static Route fal(String method, String path) {
      int requests = path.indexOf("/requests/");
      if (requests > 0 && !path.startsWith("/v1/") && !path.startsWith("/api/")) {
        String app = path.substring(1, requests);
        String[] rest = path.substring(requests + "/requests/".length()).split("/");
        if (method.equals("GET") && rest.length == 2 && rest[1].equals("status"))
          return new Route(RequestKind.READ, WireFormat.FAL, rest[0], null, path, app, false);
        if (method.equals("GET") && rest.length == 1)
          return new Route(RequestKind.READ, WireFormat.FAL, rest[0], null, path, app, true);
        if (method.equals("PUT") && rest.length == 2 && rest[1].equals("cancel"))
          return new Route(RequestKind.CANCEL, WireFormat.FAL, rest[0], null, path, app, false);
      }
      String endpoint = path.substring(path.lastIndexOf('/') + 1);
      if (method.equals("POST")
          && HostChecks.falEndpoints().contains(endpoint)
          && !path.startsWith("/v1/")
          && path.indexOf('/', 1) > 0) {
        return new Route(
            RequestKind.CREATE, WireFormat.FAL, null, null, path, path.substring(1), false);
      }
      return new Route(
          RequestKind.OTHER,
          path.startsWith("/api/v3") ? WireFormat.ARK : WireFormat.UNIFIED,
          null,
          null,
          path);
    }

    WireFormat errorDialect() {
      return switch (dialect) {
        case ARK, FAL, REPLICATE -> dialect;
        default -> WireFormat.UNIFIED;
      };
    }
  }
}
