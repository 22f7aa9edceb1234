package dev.seedflow.seedance.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.simulator.Fault;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.JobBatchIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.JobBatchRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A Deployment rolling, as Kubernetes rolls it on every deploy: three worker replicas ({@code java
 * -jar} on the packaged jar) serve 200 videos, and one at a time, oldest first, is replaced: a new
 * one starts, then the oldest gets SIGTERM, twice round. Every create is answered 2 s after the
 * provider took it, so the SIGTERMs land inside create calls. The job timeout is the default 5
 * minutes, so a job that a stopping replica did not hand back would wait minutes for the next one:
 * handing back is what this measures, from the engine's own records (the hand-back, then the next
 * activation of the same job). No clip may be paid twice, none lost, and no incident raised.
 */
class RollingRestartIT {
  private static final int VIDEOS = 200;
  private static final int REPLICAS = 3;
  private static final int RESTARTS = 2 * REPLICAS;
  private static final String HANDED_BACK = "Handed back by a stopping Seedflow worker";

  @Test
  void aRollingRestartHandsEveryJobBackAndNeedsNoPerson() throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "rolling-restart"));
    List<WorkerReplica> replicas = new ArrayList<>();
    try (SeedanceSimulator simulator =
            SeedanceSimulator.start(
                SimulatorSettings.realistic()
                    .withApiKey(Canary.KEY)
                    .withTimes(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(12))
                    .withTimeScale(1));
        LocalRuntime runtime =
            LocalRuntime.start(Map.of(), Map.of("seedflow.worker.enabled", "false"))) {
      simulator.faults().next(RequestKind.CREATE, Fault.slowAnswer(Duration.ofSeconds(2)), VIDEOS);
      String[] settings = {"job-timeout=PT5M"};
      replicas.addAll(WorkerReplica.startAll(runtime, logs, REPLICAS, settings));
      // The videos start while the Deployment rolls, so every replica stops with work in hand.
      CompletableFuture<Map<Long, Integer>> starting =
          CompletableFuture.supplyAsync(
              () ->
                  Fleet.start(
                      runtime,
                      Fleet.generating("rolling", "ark", simulator.baseUrl()),
                      VIDEOS,
                      n -> Map.of("suffix", "", "waitTimeout", "PT5M")));
      long longestStop = 0;
      for (int restart = 0; restart < RESTARTS; restart++) {
        Thread.sleep(1000);
        // The new pod first, then SIGTERM to the oldest, as a Deployment surges and rolls.
        replicas.add(
            WorkerReplica.start(
                runtime, logs.resolve("replica-" + (REPLICAS + restart) + ".log"), settings));
        WorkerReplica oldest = replicas.removeFirst();
        long stopping = System.nanoTime();
        assertThat(oldest.stop(Duration.ofSeconds(30)))
            .as("a replica stops within Kubernetes' 30 s grace")
            .isTrue();
        longestStop = Math.max(longestStop, (System.nanoTime() - stopping) / 1_000_000);
      }
      Map<Long, Integer> instances = starting.join();
      Map<Long, ProcessOutcome> outcomes =
          Fleet.settle(runtime, instances.keySet(), Duration.ofSeconds(120));

      Map<String, Long> tasksPerClip = Fleet.tasksPerClip(simulator.promptsOfCreatedTasks());
      long duplicates = tasksPerClip.values().stream().filter(count -> count > 1).count();
      long completed = Fleet.completed(outcomes);
      int incidents = runtime.records().openIncidents(instances.keySet()).size();
      HandBacks handBacks = HandBacks.of(runtime.engine().records());
      Figures.report(
          String.format(
              "rolling: %d videos, %d restarts, %d replicas, duplicates %d, lost %d, incidents %d,"
                  + " handed back %d, longest wait for the next replica %.1f s; %d completed, %d"
                  + " tasks created, %d jobs timed out, longest stop %.1f s",
              VIDEOS,
              RESTARTS,
              REPLICAS,
              duplicates,
              VIDEOS - completed,
              incidents,
              handBacks.count(),
              handBacks.longestWaitMillis() / 1000.0,
              completed,
              simulator.tasksCreated(),
              handBacks.timedOut(),
              longestStop / 1000.0));
      assertThat(duplicates).as("a clip paid for twice").isZero();
      assertThat(incidents).as("incidents").isZero();
      assertThat(completed).as(Fleet.notCompleted(outcomes)).isEqualTo(VIDEOS);
      assertThat(simulator.tasksCreated()).isEqualTo(VIDEOS);
      assertThat(handBacks.count()).as("jobs handed back by stopping replicas").isPositive();
      assertThat(handBacks.longestWaitMillis())
          .as("the longest a handed-back job waited for the next replica")
          .isLessThan(30_000);
    } finally {
      for (WorkerReplica replica : replicas) replica.kill();
    }
  }

  /**
   * Jobs handed back, from the engine's records: how many, and the longest from a hand-back to the
   * job's next activation.
   */
  private record HandBacks(int count, long longestWaitMillis, int timedOut) {
    static HandBacks of(List<Record<?>> records) {
      Map<Long, Long> handedBackAt = new HashMap<>();
      int count = 0, timedOut = 0;
      long longest = 0;
      for (Record<?> record : records) {
        if (record.getValue() instanceof JobRecordValue job
            && record.getIntent() == JobIntent.FAILED
            && job.getErrorMessage().startsWith(HANDED_BACK)) {
          handedBackAt.put(record.getKey(), record.getTimestamp());
          count++;
        } else if (record.getValue() instanceof JobRecordValue
            && record.getIntent() == JobIntent.TIMED_OUT) {
          timedOut++;
        } else if (record.getValue() instanceof JobBatchRecordValue batch
            && record.getIntent() == JobBatchIntent.ACTIVATED) {
          for (long key : batch.getJobKeys()) {
            Long at = handedBackAt.remove(key);
            if (at != null) longest = Math.max(longest, record.getTimestamp() - at);
          }
        }
      }
      // A job handed back and never activated again would have waited forever: it counts as the
      // longest wait there is.
      return new HandBacks(count, handedBackAt.isEmpty() ? longest : Long.MAX_VALUE, timedOut);
    }
  }
}
