package dev.seedflow.seedance.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import dev.seedflow.seedance.worker.SeedanceWorker;
import dev.seedflow.seedance.worker.inputs.LookupSecrets;
import dev.seedflow.seedance.worker.shared.WorkerMeters;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Provider callbacks, on the embedded engine, with the simulator calling back as each API does.
 * Ark's are hints: a callback only brings a read forward; lost ones are made up for by the
 * (stretched) fallback reads, forged ones change nothing, and repeated ones cost no more reads than
 * one. The fallback's first read comes after twice the typical run, so a video seen well before
 * that was seen through its callback. fal's and Replicate's are signed, and a verified one is the
 * task's answer.
 */
class CallbacksTest {
  private static final String SECRET = "a-callback-signing-key-of-32-chars-or-more";

  /**
   * The hosts' run: videos on each host, and how many of their final deliveries are lost and
   * forged.
   */
  private static final int HOST_VIDEOS = 24;

  private static final int HOST_LOSE = 4;
  private static final int HOST_FORGE = 4;
  private static LocalRuntime runtime;

  @BeforeAll
  static void start() {
    runtime = LocalRuntime.start(Map.of(), Map.of("seedflow.worker.enabled", "false"));
  }

  @AfterAll
  static void stop() {
    if (runtime != null) runtime.close();
  }

  /**
   * About 3 s of real time per task: 1 s queued and 20 to 30 s running, ten times faster than real.
   */
  private static SeedanceSimulator provider() {
    return SeedanceSimulator.start(
        SimulatorSettings.realistic()
            .withApiKey(Canary.KEY)
            .withTimes(Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(30))
            .withTimeScale(10));
  }

  private static SeedanceWorker worker(Map<String, String> more, SimpleMeterRegistry registry) {
    Map<String, String> settings =
        new HashMap<>(Map.of("typical-run", "PT3S", "callbacks.secret", SECRET));
    settings.putAll(more);
    return new SeedanceWorker(
            runtime.client(),
            new SeedanceClient(ClientSettings.forLocalRun()),
            new LookupSecrets(Map.of("SEEDANCE_API_KEY", Canary.KEY)::get),
            runtime.documents(),
            PriceTable.EMPTY,
            WorkerSettings.of(settings),
            new WorkerMeters(registry))
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static double count(SimpleMeterRegistry registry, String outcome) {
    var counter = registry.find("seedflow.callbacks").tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aCalledBackVideoCostsAboutOneReadAndLostForgedAndRepeatedCallbacksLoseNothing()
      throws Exception {
    int videos = 40;
    int lose = 8;
    int forge = 8;
    try (SeedanceSimulator simulator = provider()) {
      simulator.callbacks().loseFinalOfNext(lose).forgeForNext(forge).repeatEach(1);
      int port = freePort();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      Map<Long, ProcessOutcome> outcomes;
      try (SeedanceWorker worker =
          worker(
              Map.of(
                  "callbacks.url",
                  "http://127.0.0.1:" + port + "/callbacks",
                  "callbacks.port",
                  String.valueOf(port),
                  "local-run",
                  "true"),
              registry)) {
        Map<Long, Integer> instances =
            Fleet.start(
                runtime,
                Fleet.generating("called_back", "ark", simulator.baseUrl()),
                videos,
                n -> Map.of("suffix", "", "waitTimeout", "PT5M"));
        outcomes = Fleet.settle(runtime, instances.keySet(), Duration.ofMinutes(2));
      }
      List<String> prompts = simulator.promptsOfCreatedTasks();
      long duplicates = Fleet.tasksPerClip(prompts).values().stream().filter(n -> n > 1).count();
      long completed = Fleet.completed(outcomes);
      long stolen =
          outcomes.values().stream()
              .filter(
                  o ->
                      String.valueOf(o.variables().get("generatedVideo"))
                          .contains("attacker.example"))
              .count();
      long forgedIgnored = simulator.callbacks().forgedSent() - stolen;
      Figures.report(
          String.format(
              "callbacks: %d videos, %d forged ignored, %d lost recovered by polling, duplicates"
                  + " %d, lost %d",
              videos,
              forgedIgnored,
              simulator.callbacks().finalsLost(),
              duplicates,
              videos - completed));
      assertThat(completed).as(Fleet.notCompleted(outcomes)).isEqualTo(videos);
      assertThat(duplicates).isZero();
      assertThat(simulator.tasksCreated()).isEqualTo(videos);
      assertThat(simulator.callbacks().finalsLost()).isEqualTo(lose);
      assertThat(stolen).as("a forged callback's video URL is never taken").isZero();
      assertThat(simulator.callbacks().forgedSent()).isEqualTo(2 * forge);
      assertThat(simulator.callbacks().forgedRefused())
          .as("those to URLs no worker gave out")
          .isEqualTo(forge);
      assertThat(count(registry, "forged")).isEqualTo(forge);
      assertThat(count(registry, "confirming"))
          .as("final callbacks delivered, repeats included")
          .isPositive();
    }
  }

  @Test
  void withoutLossAVideoCostsAtMostOnePointTwoReads() throws Exception {
    int videos = 30;
    try (SeedanceSimulator simulator = provider()) {
      int port = freePort();
      Map<Long, ProcessOutcome> outcomes;
      try (SeedanceWorker worker =
          worker(
              Map.of(
                  "callbacks.url",
                  "http://127.0.0.1:" + port + "/callbacks",
                  "callbacks.port",
                  String.valueOf(port),
                  "local-run",
                  "true"),
              new SimpleMeterRegistry())) {
        Map<Long, Integer> instances =
            Fleet.start(
                runtime,
                Fleet.generating("called_back_clean", "ark", simulator.baseUrl()),
                videos,
                n -> Map.of("suffix", "", "waitTimeout", "PT5M"));
        outcomes = Fleet.settle(runtime, instances.keySet(), Duration.ofMinutes(2));
      }
      long reads = simulator.count(RequestKind.READ);
      System.out.printf(
          "callbacks without loss: %d videos, %d status reads, %.2f per video%n",
          videos, reads, (double) reads / videos);
      assertThat(Fleet.completed(outcomes)).as(Fleet.notCompleted(outcomes)).isEqualTo(videos);
      assertThat((double) reads / videos).as("status reads per video").isLessThanOrEqualTo(1.2);
    }
  }

  /**
   * fal's and Replicate's signed webhooks, on the embedded engine, with the simulator signing each
   * delivery as its host does. A verified delivery ends the wait without a read; forged ones
   * (signed with a key the host never published, to the real URL) and replayed ones (the same
   * delivery again) are refused before anything is read; lost ones are made up for by the stretched
   * fallback reads. Every video ends once, and no task is paid twice.
   */
  @Test
  void signedDeliveriesEndTheWaitAndForgedReplayedOrLostOnesLoseNothing() throws Exception {
    Map<String, Long> videos = new LinkedHashMap<>();
    double verified = 0;
    double refused = 0;
    double readsCaused = 0;
    int lost = 0;
    long duplicates = 0;
    long notCompleted = 0;
    for (String host : List.of("fal", "replicate")) {
      try (SeedanceSimulator simulator = provider()) {
        simulator.callbacks().loseFinalOfNext(HOST_LOSE).forgeForNext(HOST_FORGE).repeatEach(1);
        int port = freePort();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<Long, ProcessOutcome> outcomes;
        try (SeedanceWorker worker =
            worker(
                Map.of(
                    "local-run",
                    "true",
                    "callbacks.url",
                    "http://127.0.0.1:" + port + "/callbacks",
                    "callbacks.port",
                    String.valueOf(port),
                    "callbacks.fal-keys",
                    simulator.falKeysUrl()),
                registry)) {
          Map<Long, Integer> instances =
              Fleet.start(
                  runtime,
                  Fleet.generating("webhooks_" + host, host, simulator.baseUrl()),
                  HOST_VIDEOS,
                  n -> Map.of("suffix", "", "waitTimeout", "PT5M"));
          outcomes = Fleet.settle(runtime, instances.keySet(), Duration.ofMinutes(2));
        }
        long completed = Fleet.completed(outcomes);
        long stolen =
            outcomes.values().stream()
                .filter(
                    o ->
                        String.valueOf(o.variables().get("generatedVideo"))
                            .contains("attacker.example"))
                .count();
        assertThat(completed).as(host + ": " + Fleet.notCompleted(outcomes)).isEqualTo(HOST_VIDEOS);
        assertThat(simulator.tasksCreated()).as(host + ": paid tasks").isEqualTo(HOST_VIDEOS);
        assertThat(stolen).as(host + ": a forged delivery's video URL is never taken").isZero();
        assertThat(simulator.callbacks().finalsLost()).isEqualTo(HOST_LOSE);
        assertThat(count(registry, "signature-refused"))
            .as(host + ": forged to the real URL, refused unread")
            .isEqualTo(HOST_FORGE);
        assertThat(count(registry, "forged"))
            .as(host + ": forged to a URL no worker gave out")
            .isEqualTo(HOST_FORGE);
        assertThat(count(registry, "verified"))
            .as(host + ": the delivered ends, taken without a read")
            .isEqualTo(HOST_VIDEOS - HOST_LOSE);
        assertThat(count(registry, "confirming")).as(host + ": no delivery caused a read").isZero();
        videos.put(host, completed);
        verified += count(registry, "verified");
        refused +=
            count(registry, "signature-refused")
                + count(registry, "forged")
                + count(registry, "repeated");
        readsCaused += count(registry, "confirming");
        lost += simulator.callbacks().finalsLost();
        duplicates +=
            Fleet.tasksPerClip(simulator.promptsOfCreatedTasks()).values().stream()
                .filter(n -> n > 1)
                .count();
        notCompleted += HOST_VIDEOS - completed;
      }
    }
    Figures.report(
        String.format(
            "webhooks: fal %d videos, replicate %d videos; signed deliveries verified %.0f, forged"
                + " or replayed refused %.0f (reads caused %.0f), lost deliveries recovered by"
                + " polling %d; duplicates %d, lost %d",
            videos.get("fal"),
            videos.get("replicate"),
            verified,
            refused,
            readsCaused,
            lost,
            duplicates,
            notCompleted));
    assertThat(duplicates).isZero();
  }

  /**
   * The callback lands on a replica that does not hold the job: it passes it to its peers, and the
   * one that waits reads at once. That worker's fallback would first read after 2 minutes; the
   * videos end within seconds.
   */
  @Test
  void aCallbackOnAnotherReplicaReachesTheWorkerThatWaits() throws Exception {
    int videos = 5;
    try (SeedanceSimulator simulator = provider()) {
      int waiting = freePort();
      int landing = freePort();
      String publicUrl = "http://127.0.0.1:" + landing + "/callbacks";
      SimpleMeterRegistry landed = new SimpleMeterRegistry();
      Map<Long, ProcessOutcome> outcomes;
      long began = System.nanoTime();
      try (SeedanceWorker holder =
              worker(
                  Map.of(
                      "callbacks.url",
                      publicUrl,
                      "callbacks.port",
                      String.valueOf(waiting),
                      "typical-run",
                      "PT60S",
                      "local-run",
                      "true"),
                  new SimpleMeterRegistry());
          SeedanceWorker other =
              worker(
                  Map.of(
                      "callbacks.url",
                      publicUrl,
                      "callbacks.port",
                      String.valueOf(landing),
                      "callbacks.peers",
                      "http://localhost:" + waiting,
                      "generate-type",
                      "nobody-generates",
                      "await-type",
                      "nobody-awaits"),
                  landed)) {
        Map<Long, Integer> instances =
            Fleet.start(
                runtime,
                Fleet.generating("called_back_elsewhere", "ark", simulator.baseUrl()),
                videos,
                n -> Map.of("suffix", "", "waitTimeout", "PT5M"));
        outcomes = Fleet.settle(runtime, instances.keySet(), Duration.ofSeconds(60));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      assertThat(Fleet.completed(outcomes)).as(Fleet.notCompleted(outcomes)).isEqualTo(videos);
      assertThat(took)
          .as("well before the holder's first fallback read, at 2 minutes")
          .isLessThan(Duration.ofSeconds(60));
      assertThat(count(landed, "passed-to-peers")).isGreaterThanOrEqualTo(videos);
      assertThat(simulator.count(RequestKind.READ))
          .as("one confirming read per video")
          .isLessThanOrEqualTo(videos + 1);
    }
  }
}
