package dev.seedflow.seedance.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.simulator.Fault;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Never paid twice, with real processes and real kills. The engine and the simulator run here;
 * three worker replicas run in JVMs of their own ({@link WorkerReplica}) against the engine's gRPC
 * port, and one at a time is killed with SIGKILL at a random moment and replaced, 12 times, each
 * soon after one of 12 waves of the 200 videos (more with {@code -Dkillnine.videos}) has started;
 * every create call is answered 2 s after the provider took it, so kills land inside create calls.
 * A job whose worker died comes back to another replica after its 2 s timeout: with the task id
 * stored, it resumes; with only the intent to submit stored, it looks for the task in the
 * provider's list by the intent's fingerprint once the create cannot still be in flight, and
 * resumes it or submits anew, with no person. An incident would be resolved the way it says (look
 * in the provider's console: resume the task found, or clear the intent), and counted as needing a
 * person, which must not happen on Ark. No clip may be paid for twice and none may be lost.
 */
class KillNineIT {
  /** 200 in every run; {@code -Dkillnine.videos=1000} (or any number) for a longer variant. */
  private static final int VIDEOS = Integer.getInteger("killnine.videos", 200);

  private static final int REPLICAS = 3;

  /** As many kills as waves of videos. */
  private static final int KILLS = 12;

  @Test
  // It took 194 to 313 s in today's fresh-clone runs and 360 s on a loaded machine, where the
  // suite's
  // default of 6 minutes (meant for tests of seconds) stopped it: a hang is still stopped, at 10.
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void killedReplicasNeverPayTwiceAndEveryIncidentSaysHowToGoOn() throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "kill-nine"));
    List<WorkerReplica> replicas = new ArrayList<>();
    try (SeedanceSimulator simulator =
            SeedanceSimulator.start(
                SimulatorSettings.realistic()
                    .withApiKey(Canary.KEY)
                    .withTimes(Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(12))
                    .withTimeScale(4));
        LocalRuntime runtime =
            LocalRuntime.start(Map.of(), Map.of("seedflow.worker.enabled", "false"));
        Canary canary = new Canary()) {
      Random random = new Random(9);
      // Every create is taken at once and answered 2 s later, so kills land inside create calls:
      // the window the intent covers.
      simulator.faults().next(RequestKind.CREATE, Fault.slowAnswer(Duration.ofSeconds(2)), VIDEOS);
      replicas.addAll(WorkerReplica.startAll(runtime, logs, REPLICAS));
      // The videos start in as many waves as there are kills, and each kill follows a wave while
      // its creates should be
      // in flight; the line counts the kills that found videos unfinished (not all of them do; see
      // the assertion).
      String process = Fleet.deploy(runtime, Fleet.generating("kills", "ark", simulator.baseUrl()));
      Map<Long, Integer> instances = new HashMap<>();
      int killsWhileUnfinished = 0;
      // What each kill found: target/kill-nine/kills.txt. The videos are read after the kill, not
      // before: under CI's load
      // the read that came first once ended 8.6 s after the wave's starts (the pause was at most
      // 1.5 s), and the kill
      // that waited for it came after every video had ended. A video still running after the kill
      // was running at it.
      List<String> kills = new ArrayList<>();
      for (int kill = 0; kill < KILLS; kill++) {
        int first = kill * VIDEOS / KILLS, wave = (kill + 1) * VIDEOS / KILLS - first;
        long waveStart = System.nanoTime();
        instances.putAll(
            Fleet.start(
                runtime, process, first, wave, n -> Map.of("suffix", "", "waitTimeout", "PT5M")));
        long waveStarted = System.nanoTime();
        Thread.sleep(300 + random.nextInt(1200));
        replicas.remove(random.nextInt(replicas.size())).kill();
        long killedAt = System.nanoTime();
        Map<ProcessOutcome.State, Long> states =
            runtime.records().outcomes(instances.keySet()).values().stream()
                .collect(
                    Collectors.groupingBy(
                        ProcessOutcome::state,
                        () -> new EnumMap<>(ProcessOutcome.State.class),
                        Collectors.counting()));
        if (states.getOrDefault(ProcessOutcome.State.RUNNING, 0L) > 0) killsWhileUnfinished++;
        kills.add(
            String.format(
                Locale.ROOT,
                "kill %d: the wave's %d starts took %d ms, the kill came %d ms after them, then the"
                    + " videos read in %d ms: %s; creates sent so far %d",
                kill,
                wave,
                (waveStarted - waveStart) / 1_000_000,
                (killedAt - waveStarted) / 1_000_000,
                (System.nanoTime() - killedAt) / 1_000_000,
                states,
                simulator.count(RequestKind.CREATE)));
        replicas.add(
            WorkerReplica.start(runtime, logs.resolve("replica-" + (REPLICAS + kill) + ".log")));
      }
      Files.write(logs.resolve("kills.txt"), kills);
      Map<Long, ProcessOutcome> outcomes =
          Fleet.settle(runtime, instances.keySet(), Duration.ofSeconds(120));

      // Any incident a person would resolve, as its message says (the provider's console is the
      // simulator's task list).
      int resumedByHand = 0, resubmittedByHand = 0;
      for (int round = 0; round < 3; round++) {
        Map<Long, IncidentRecordValue> open = runtime.records().openIncidents(outcomes.keySet());
        if (open.isEmpty()) break;
        for (Map.Entry<Long, IncidentRecordValue> entry : open.entrySet()) {
          IncidentRecordValue incident = entry.getValue();
          assertThat(incident.getErrorMessage())
              .contains("SEEDANCE_SUBMIT_OUTCOME_UNKNOWN")
              .contains("an earlier attempt to create this video");
          List<String> found =
              simulator.tasksWithPrompt("Clip " + instances.get(incident.getProcessInstanceKey()));
          Map<String, Object> fix = new HashMap<>();
          if (found.isEmpty()) {
            fix.put("seedanceSubmitIntent", null);
            resubmittedByHand++;
          } else {
            fix.put("seedanceTaskId", found.getFirst());
            resumedByHand++;
          }
          runtime
              .client()
              .newSetVariablesCommand(incident.getElementInstanceKey())
              .variables(fix)
              .local(true)
              .send()
              .join();
          runtime.client().newUpdateRetriesCommand(incident.getJobKey()).retries(1).send().join();
          runtime.client().newResolveIncidentCommand(entry.getKey()).send().join();
        }
        outcomes = Fleet.settle(runtime, instances.keySet(), Duration.ofSeconds(60));
      }

      Map<String, Long> tasksPerClip = Fleet.tasksPerClip(simulator.promptsOfCreatedTasks());
      long duplicates = tasksPerClip.values().stream().filter(count -> count > 1).count();
      long completed = Fleet.completed(outcomes);
      List<String> replicaLog = new ArrayList<>();
      try (var files = Files.list(logs)) {
        for (Path file : files.toList()) replicaLog.addAll(Files.readAllLines(file));
      }
      List<String> leaks = canary.leaks(runtime, replicaLog);
      long resumed =
          replicaLog.stream()
              .filter(
                  line ->
                      line.contains("lost create of attempt") && line.contains("which is resumed"))
              .count();
      long submittedAnew =
          replicaLog.stream()
              .filter(
                  line ->
                      line.contains("lost create of attempt") && line.contains("submitted anew"))
              .count();
      int needingAPerson = resumedByHand + resubmittedByHand;
      Figures.report(
          String.format(
              "sigkill: %d videos, %d kills (%d while videos were unfinished), %d replicas,"
                  + " duplicates %d, lost %d, needing a person %d; %d lost creates settled from the"
                  + " provider's list without anyone (%d resumed the task found, %d submitted"
                  + " anew); %d completed, %d tasks created, %d creates sent; key leaks %d (%d"
                  + " replica log lines and the engine's records checked)",
              VIDEOS,
              KILLS,
              killsWhileUnfinished,
              REPLICAS,
              duplicates,
              VIDEOS - completed,
              needingAPerson,
              resumed + submittedAnew,
              resumed,
              submittedAnew,
              completed,
              simulator.tasksCreated(),
              simulator.count(RequestKind.CREATE),
              leaks.size(),
              replicaLog.size()));
      assertThat(duplicates).as("a clip paid for twice").isZero();
      assertThat(completed).as(Fleet.notCompleted(outcomes)).isEqualTo(VIDEOS);
      assertThat(simulator.tasksCreated()).isEqualTo(VIDEOS);
      assertThat(leaks).as("the API key in a replica's log or an engine record").isEmpty();
      assertThat(needingAPerson)
          .as("incidents of an intent without a task id, on a dialect whose list settles them")
          .isZero();
      // Fresh-clone runs had 12, 11 and 9 of 12 while the videos were read before the kill (see
      // kills.txt for why).
      assertThat(killsWhileUnfinished)
          .as("kills while videos were unfinished")
          .isGreaterThanOrEqualTo(KILLS / 2);
      assertThat(resumed)
          .as(
              "kills inside create calls left tasks the returning jobs did not know, found them in"
                  + " the list and did not pay again")
          .isPositive();
    } finally {
      for (WorkerReplica replica : replicas) replica.kill();
    }
  }
}
