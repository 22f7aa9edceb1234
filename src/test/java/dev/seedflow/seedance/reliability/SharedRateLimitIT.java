package dev.seedflow.seedance.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.simulator.RecordedRequest;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Three replicas, each in a JVM of its own with the default read budget (600 a minute), share one
 * key at a provider that takes only 300 status reads a minute per key and says so only by refusing
 * the rest (429, no Retry-After). They never talk to each other; each halves its rate on a refusal
 * and grows it back slowly. 60 gateway tasks, each read on its own, ask for more than that at
 * first. The refusals must fall away after the first burst while the reads accepted stay near the
 * provider's limit, and every video completes.
 */
class SharedRateLimitIT {
  private static final int VIDEOS = 60;
  private static final int REPLICAS = 3;
  private static final int PROVIDER_READS_PER_MINUTE = 300;
  private static final Duration WINDOW = Duration.ofSeconds(10);

  @Test
  void replicasSharingAKeySettleUnderTheProvidersReadLimit() throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "shared-rate-limit"));
    List<WorkerReplica> replicas = new ArrayList<>();
    try (SeedanceSimulator simulator =
            SeedanceSimulator.start(
                SimulatorSettings.realistic()
                    .withApiKey(Canary.KEY)
                    .withTimes(
                        Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(40)));
        LocalRuntime runtime =
            LocalRuntime.start(Map.of(), Map.of("seedflow.worker.enabled", "false"))) {
      simulator.limitReadsPerMinute(PROVIDER_READS_PER_MINUTE);
      replicas.addAll(
          WorkerReplica.startAll(
              runtime,
              logs,
              REPLICAS,
              "requests-per-minute=600",
              "job-timeout=PT1M",
              "typical-run=PT20S"));
      // A gateway reads one task per request, and every task may be read every 0.3 s: at first more
      // than the provider takes.
      Map<Long, Integer> instances =
          Fleet.start(
              runtime,
              Fleet.generating("rates", "unified", simulator.baseUrl()),
              VIDEOS,
              n -> Map.of("suffix", "", "waitTimeout", "PT5M"));
      Map<Long, ProcessOutcome> outcomes =
          Fleet.settle(runtime, instances.keySet(), Duration.ofMinutes(4));

      List<Instant> reads =
          simulator.requests().stream()
              .filter(r -> r.kind() == RequestKind.READ)
              .map(RecordedRequest::at)
              .toList();
      List<Instant> refused = simulator.readsRefusedForRate();
      Instant start = reads.getFirst();
      int windows =
          (int) (Duration.between(start, reads.getLast()).toMillis() / WINDOW.toMillis()) + 1;
      int[] sent = new int[windows], refusals = new int[windows];
      reads.forEach(at -> sent[window(start, at)]++);
      refused.forEach(at -> refusals[window(start, at)]++);
      // The first burst is the first window; after it, until the last read. Reads accepted a minute
      // are counted while
      // the demand still exceeded the limit: over the windows after the burst that saw a refusal.
      int laterSent = 0, laterRefused = 0, busyWindows = 0, busyAccepted = 0;
      for (int w = 1; w < windows; w++) {
        laterSent += sent[w];
        laterRefused += refusals[w];
        if (refusals[w] > 0) {
          busyWindows++;
          busyAccepted += sent[w] - refusals[w];
        }
      }
      double firstShare = (double) refusals[0] / sent[0];
      double laterShare = laterSent == 0 ? 0 : (double) laterRefused / laterSent;
      double acceptedPerMinute =
          busyWindows == 0 ? 0 : busyAccepted * 60.0 / (busyWindows * WINDOW.toSeconds());
      long completed = Fleet.completed(outcomes);
      String perWindow =
          IntStream.range(0, windows)
              .mapToObj(w -> refusals[w] + "/" + sent[w])
              .collect(Collectors.joining(", "));
      Figures.report(
          String.format(
              Locale.ROOT,
              "ratelimit: %d replicas, one key, a provider that takes %d reads a minute: "
                  + "first 10 s %.0f %% of reads refused, after it %.1f %% (%d of %d); %s; "
                  + "%d of %d videos completed; refused/sent per 10 s: %s",
              REPLICAS,
              PROVIDER_READS_PER_MINUTE,
              100 * firstShare,
              100 * laterShare,
              laterRefused,
              laterSent,
              busyWindows == 0
                  ? "no refusal after it"
                  : String.format(
                      Locale.ROOT,
                      "%.0f reads a minute accepted while refusals still came",
                      acceptedPerMinute),
              completed,
              VIDEOS,
              perWindow));

      assertThat(completed).as(Fleet.notCompleted(outcomes)).isEqualTo(VIDEOS);
      assertThat(firstShare)
          .as("the first burst, above the provider's limit, is partly refused")
          .isGreaterThan(0.15);
      assertThat(laterShare).as("then the refusals fall away: " + perWindow).isLessThan(0.1);
      if (busyWindows > 0) {
        // Where no refusal came after the burst, the demand never met the limit again: there is no
        // use of it to measure.
        assertThat(acceptedPerMinute)
            .as("and the replicas together still use most of what the provider takes")
            .isGreaterThan(PROVIDER_READS_PER_MINUTE * 0.5);
      }
    } finally {
      for (WorkerReplica replica : replicas) replica.kill();
    }
  }

  private static int window(Instant start, Instant at) {
    return (int) (Duration.between(start, at).toMillis() / WINDOW.toMillis());
  }
}
