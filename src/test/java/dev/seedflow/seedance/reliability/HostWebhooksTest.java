package dev.seedflow.seedance.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import dev.seedflow.seedance.worker.SeedanceWorker;
import dev.seedflow.seedance.worker.WorkerMeters;
import dev.seedflow.seedance.worker.WorkerSettings;
import dev.seedflow.seedance.worker.inputs.LookupSecrets;
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
 * fal's and Replicate's signed webhooks, on the embedded engine, with the simulator signing each delivery as its host
 * does. A verified delivery ends the wait without a read; forged ones (signed with a key the host never published, to
 * the real URL) and replayed ones (the same delivery again) are refused before anything is read; lost ones are made up
 * for by the stretched fallback reads. Every video ends once, and no task is paid twice.
 */
class HostWebhooksTest {
  private static final String SECRET = "a-callback-signing-key-of-32-chars-or-more";
  private static final int VIDEOS = 24;
  private static final int LOSE = 4;
  private static final int FORGE = 4;
  private static LocalRuntime runtime;

  @BeforeAll
  static void start() {
    runtime = LocalRuntime.start(Map.of(), Map.of("seedflow.worker.enabled", "false"));
  }

  @AfterAll
  static void stop() {
    if (runtime != null) runtime.close();
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
  void signedDeliveriesEndTheWaitAndForgedReplayedOrLostOnesLoseNothing() throws Exception {
    Map<String, Long> videos = new LinkedHashMap<>();
    double verified = 0;
    double refused = 0;
    double readsCaused = 0;
    int lost = 0;
    long duplicates = 0;
    long notCompleted = 0;
    for (String host : List.of("fal", "replicate")) {
      try (SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorSettings.realistic().withApiKey(Canary.KEY)
          .withTimes(Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(30)).withTimeScale(10))) {
        simulator.callbacks().loseFinalOfNext(LOSE).forgeForNext(FORGE).repeatEach(1);
        int port = freePort();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Map<String, String> settings = new HashMap<>(Map.of("typical-run", "PT3S", "callbacks.secret", SECRET, "local-run", "true",
            "callbacks.url", "http://127.0.0.1:" + port + "/callbacks", "callbacks.port", String.valueOf(port),
            "callbacks.fal-keys", simulator.falKeysUrl()));
        Map<Long, ProcessOutcome> outcomes;
        try (SeedanceWorker worker = new SeedanceWorker(runtime.client(), new SeedanceClient(ClientSettings.forLocalRun()),
            new LookupSecrets(Map.of("SEEDANCE_API_KEY", Canary.KEY)::get), runtime.documents(), PriceTable.EMPTY, WorkerSettings.of(settings),
            new WorkerMeters(registry))) {
          Map<Long, Integer> instances = Fleet.start(runtime, Fleet.generating("webhooks_" + host, host, simulator.baseUrl()), VIDEOS,
              n -> Map.of("suffix", "", "waitTimeout", "PT5M"));
          outcomes = Fleet.settle(runtime, instances.keySet(), Duration.ofMinutes(2));
        }
        long completed = Fleet.completed(outcomes);
        long stolen = outcomes.values().stream().filter(o -> String.valueOf(o.variables().get("generatedVideo")).contains("attacker.example")).count();
        assertThat(completed).as(host + ": " + Fleet.notCompleted(outcomes)).isEqualTo(VIDEOS);
        assertThat(simulator.tasksCreated()).as(host + ": paid tasks").isEqualTo(VIDEOS);
        assertThat(stolen).as(host + ": a forged delivery's video URL is never taken").isZero();
        assertThat(simulator.callbacks().finalsLost()).isEqualTo(LOSE);
        assertThat(count(registry, "signature-refused")).as(host + ": forged to the real URL, refused unread").isEqualTo(FORGE);
        assertThat(count(registry, "forged")).as(host + ": forged to a URL no worker gave out").isEqualTo(FORGE);
        assertThat(count(registry, "verified")).as(host + ": the delivered ends, taken without a read").isEqualTo(VIDEOS - LOSE);
        assertThat(count(registry, "confirming")).as(host + ": no delivery caused a read").isZero();
        videos.put(host, completed);
        verified += count(registry, "verified");
        refused += count(registry, "signature-refused") + count(registry, "forged") + count(registry, "repeated");
        readsCaused += count(registry, "confirming");
        lost += simulator.callbacks().finalsLost();
        duplicates += Fleet.tasksPerClip(simulator.promptsOfCreatedTasks()).values().stream().filter(n -> n > 1).count();
        notCompleted += VIDEOS - completed;
      }
    }
    Figures.report(String.format("webhooks: fal %d videos, replicate %d videos; signed deliveries verified %.0f, forged or replayed refused %.0f "
            + "(reads caused %.0f), lost deliveries recovered by polling %d; duplicates %d, lost %d",
        videos.get("fal"), videos.get("replicate"), verified, refused, readsCaused, lost, duplicates, notCompleted));
    assertThat(duplicates).isZero();
  }
}
