package dev.seedflow.seedance.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.simulator.RecordedRequest;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adaptive reads against a fixed 10 s interval, on the same simulated tasks, in the real connectors
 * runtime: status requests per finished video and the lag from the provider finishing to the step
 * completing, per class of task duration ({@link TaskTimings}). The tasks finish on their own
 * clock, not on the worker's prior. Gateway dialect (it reports progress), so every task is read on
 * its own; the hosts (fal, Replicate) run adaptive on the same tasks, for their own rows.
 * Time-compressed; figures are in provider time.
 */
final class EconomyBench {
  private static final ObjectMapper JSON = Json.mapper();
  static final String ADAPTIVE = "adaptive";
  static final String FIXED = "fixed 10 s";

  /** The gateway dialect the comparison runs on, and the hosts that get rows of their own. */
  static final String GATEWAY = "unified";

  static final List<String> HOSTS = List.of("fal", "replicate");

  /**
   * Ark with callbacks: the worker gives each create a signed callback URL, and reads when the
   * provider calls back.
   */
  static final String CALLBACKS = "callbacks, ark";

  /**
   * A host with webhooks: the worker gives each create its callback URL, and takes the host's
   * signed delivery as the answer.
   */
  static String webhookMode(String host) {
    return "webhooks, " + host;
  }

  private static final String CALLBACK_SECRET = "the-bench-callback-signing-key-32-chars";

  /**
   * One video's figures: its class, its duration, the status requests it cost (a read of several
   * tasks counts a share to each, as Ark's list does) and its lag, in provider seconds.
   */
  record Video(String taskClass, double durationSeconds, double requests, double lagSeconds) {}

  /**
   * Tasks that run together, at one time scale. Short tasks run less compressed: at 20x, 50 ms of
   * the harness's own time (an engine round trip) are a second of provider time, as much as the
   * difference being measured.
   */
  record Group(List<TaskTimings.Timing> timings, double scale) {
    /**
     * Fast and typical tasks at 4x, slow and long-queued ones at 20x (quick, which checks the
     * harness: all at 180x).
     */
    static List<Group> of(boolean quick) {
      List<TaskTimings.Timing> all = TaskTimings.of(quick ? 3 : 25, 20261127L);
      if (quick) return List.of(new Group(all, 180));
      return List.of(
          new Group(ofClasses(all, "fast", "typical"), 4),
          new Group(ofClasses(all, "slow", "queued long"), 20));
    }

    private static List<TaskTimings.Timing> ofClasses(
        List<TaskTimings.Timing> timings, String... classes) {
      return timings.stream().filter(t -> List.of(classes).contains(t.taskClass())).toList();
    }
  }

  /** One run of one mode: its videos, at the group's time scale. */
  record Result(String mode, double scale, List<Video> videos) {
    /**
     * The videos of every run of this mode together (empty when none ran); each keeps its own run's
     * scale.
     */
    static List<Video> pooled(String mode, List<Result> runs) {
      return runs.stream()
          .filter(r -> r.mode().equals(mode))
          .flatMap(r -> r.videos().stream())
          .toList();
    }
  }

  /** The class's videos among these, or all of them for {@code null}. */
  static List<Video> ofClass(List<Video> videos, String taskClass) {
    return videos.stream()
        .filter(v -> taskClass == null || v.taskClass().equals(taskClass))
        .toList();
  }

  /** The mode a host's adaptive run is reported under. */
  static String hostMode(String host) {
    return ADAPTIVE + ", " + host;
  }

  static Result run(Group group, Path templates, boolean fixed) throws Exception {
    return run(group, templates, fixed, GATEWAY);
  }

  static Result run(Group group, Path templates, boolean fixed, String provider) throws Exception {
    return run(group, templates, fixed, provider, false);
  }

  /** Ark, or a host, with the worker's callbacks on, adaptive reads as their fallback. */
  static Result runWithCallbacks(Group group, Path templates, String provider) throws Exception {
    return run(group, templates, false, provider, true);
  }

  /**
   * @param provider the {@code provider.type}: the gateway or a host, read adaptively, or Ark or a
   *     host with callbacks
   * @param callbacks whether the worker gives each create its callback URL (Ark's callbacks, the
   *     hosts' signed webhooks)
   */
  private static Result run(
      Group group, Path templates, boolean fixed, String provider, boolean callbacks)
      throws Exception {
    List<TaskTimings.Timing> timings = group.timings();
    double scale = group.scale();
    Map<String, String> settings =
        new HashMap<>(
            Map.of(
                "seedflow.worker.typical-run",
                scaled(55_000, scale),
                "seedflow.worker.longest-poll-interval",
                scaled(300_000, scale),
                "seedflow.worker.progress-interval",
                scaled(5_000, scale),
                "seedflow.worker.requests-per-minute",
                "60000",
                "seedflow.worker.job-timeout",
                scaled(300_000, scale),
                // The simulated account has no queue limit.
                "seedflow.worker.max-unfinished-tasks",
                "100000"));
    if (fixed) settings.put("seedflow.worker.fixed-poll-interval", scaled(10_000, scale));
    try (SeedanceSimulator simulator =
            SeedanceSimulator.start(SimulatorSettings.realistic().withTimeScale(scale));
        LocalRuntime runtime =
            LocalRuntime.start(
                Map.of("SEEDANCE_API_KEY", "bench-key"),
                withCallbacks(settings, callbacks, simulator, scale))) {
      TemplateApplier generate = TemplateApplier.load(templates.resolve("seedance-generate.json"));
      Map<String, Object> fields =
          new HashMap<>(
              Map.of(
                  "generate:providerType",
                  provider,
                  baseUrlField(provider),
                  simulator.baseUrl(),
                  "generate:prompt",
                  "=prompt",
                  "generate:pollInterval",
                  scaled(10_000, scale),
                  "generate:waitTimeout",
                  scaled(3_600_000, scale),
                  // Reads only: a download's real time, compressed, would count many times over as
                  // lag.
                  "generate:storeVideo",
                  false));
      // Replicate's deadline in provider time: the wait's, derived by the worker, would be real
      // (compressed) time, which
      // the simulator reads as provider time, ending every prediction at once.
      if (provider.equals("replicate")) fields.put("generate:executionExpiresAfter", 3600);
      BpmnModelInstance model =
          Bpmn.createExecutableProcess("economy")
              .startEvent()
              .serviceTask("generate", t -> generate.apply(fields).accept(t))
              .endEvent()
              .done();
      List<Long> keys =
          Instances.startEach(
              runtime.client(),
              model,
              timings.stream().map(t -> Map.<String, Object>of("prompt", t.prompt())).toList());
      Map<Long, TaskTimings.Timing> byInstance = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) byInstance.put(keys.get(i), timings.get(i));
      long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
      Map<Long, Instant> done = Map.of();
      while (done.size() < timings.size() && System.nanoTime() < deadline) {
        Thread.sleep(500);
        done = EngineRecords.completions(runtime.engine(), byInstance.keySet());
      }
      if (done.size() < timings.size())
        throw new IllegalStateException(
            done.size() + " of " + timings.size() + " videos completed in time");
      Map<Long, String> results =
          EngineRecords.variable(runtime.engine(), byInstance.keySet(), "generatedVideo");
      Map<String, Double> reads = new HashMap<>();
      for (RecordedRequest request : simulator.requests()) {
        if (request.kind() != RequestKind.READ) continue;
        List<String> ids = readTaskIds(request);
        ids.forEach(id -> reads.merge(id, 1.0 / ids.size(), Double::sum));
      }
      List<Video> videos = new ArrayList<>();
      for (var entry : byInstance.entrySet()) {
        String taskId = JSON.readTree(results.get(entry.getKey())).get("taskId").asText();
        Instant finished = simulator.finishedAt(taskId).orElseThrow();
        double lag =
            Math.max(0, Duration.between(finished, done.get(entry.getKey())).toMillis())
                * scale
                / 1000.0;
        TaskTimings.Timing timing = entry.getValue();
        videos.add(
            new Video(
                timing.taskClass(),
                timing.totalSeconds(),
                reads.getOrDefault(SeedanceSimulator.ownId(taskId), 0.0),
                lag));
      }
      String mode =
          fixed
              ? FIXED
              : callbacks
                  ? (provider.equals("ark") ? CALLBACKS : webhookMode(provider))
                  : provider.equals(GATEWAY) ? ADAPTIVE : hostMode(provider);
      return new Result(mode, scale, videos);
    }
  }

  /**
   * The settings, with the worker's callbacks on where asked: its own port, and fal's keys where
   * the simulator publishes them.
   */
  private static Map<String, String> withCallbacks(
      Map<String, String> settings, boolean callbacks, SeedanceSimulator simulator, double scale)
      throws IOException {
    if (!callbacks) return settings;
    Map<String, String> with = new HashMap<>(settings);
    int port = freePort();
    with.putAll(
        Map.of(
            "seedflow.worker.callbacks.url",
            "http://127.0.0.1:" + port + "/callbacks",
            "seedflow.worker.callbacks.port",
            String.valueOf(port),
            "seedflow.worker.callbacks.secret",
            CALLBACK_SECRET,
            "seedflow.worker.callbacks.fal-keys",
            simulator.falKeysUrl(),
            // Scaled as every other time of the worker: unscaled, 1 s after a read was 20 s of
            // provider time at 20x.
            "seedflow.worker.callbacks.hint-spacing",
            scaled(1_000, scale)));
    return with;
  }

  private static String baseUrlField(String provider) {
    return provider.equals(GATEWAY)
        ? "generate:gatewayBaseUrl"
        : provider.equals("ark") ? "generate:arkBaseUrl" : "generate:hostBaseUrl";
  }

  /**
   * The tasks a read names: those of Ark's list ({@code filter.task_ids}), else its path's last
   * segment, or the one before fal's {@code /status}.
   */
  private static List<String> readTaskIds(RecordedRequest request) {
    if (request.query() != null && request.query().contains("filter.task_ids=")) {
      return Arrays.stream(request.query().split("&"))
          .filter(p -> p.startsWith("filter.task_ids="))
          .map(
              p ->
                  URLDecoder.decode(
                      p.substring("filter.task_ids=".length()), StandardCharsets.UTF_8))
          .toList();
    }
    String[] parts = request.path().split("/");
    return List.of(
        parts[parts.length - 1].equals("status")
            ? parts[parts.length - 2]
            : parts[parts.length - 1]);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Provider milliseconds as an ISO duration in real time. */
  static String scaled(long providerMillis, double scale) {
    return Duration.ofMillis((long) (providerMillis / scale)).toString();
  }
}
