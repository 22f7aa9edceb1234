package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.awaitility.Awaitility.await;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.local.TemplateApplier;
import dev.seedflow.seedance.model.WorkerVariables;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crashes and many videos in flight; each worker here is started and stopped by hand. What waiting
 * costs in reads is TaskWatcherTest's.
 */
class WorkerResilienceTest {
  private static final Map<String, String> SECRETS = Map.of("SEEDANCE_API_KEY", "sk-resilience");

  private static WorkerFixture local;
  private static LocalRuntime runtime;

  @BeforeAll
  static void start() {
    local = WorkerFixture.start(SECRETS);
    runtime = local.runtime;
  }

  @AfterAll
  static void stop() {
    if (local != null) local.close();
  }

  private static SeedanceWorker worker(WorkerSettings settings) {
    return local.worker(new SeedanceClient(ClientSettings.forLocalRun()), settings);
  }

  private static BpmnModelInstance generating(
      SeedanceSimulator simulator, String providerType, String prompt, String pollInterval) {
    return WorkerFixture.oneStep(
        local.generate,
        TemplateApplier.fields(
            "generate",
            "providerType",
            providerType,
            "prompt",
            prompt,
            "pollInterval",
            pollInterval,
            providerType.equals("ark") ? "arkBaseUrl" : "gatewayBaseUrl",
            simulator.baseUrl()));
  }

  @Test
  void aWorkerStoppedMidWaitIsReplacedAndTheSameTaskResumesWithoutASecondSubmit() throws Exception {
    try (SeedanceSimulator simulator =
        SeedanceSimulator.start(
            SimulatorSettings.realistic()
                .withTimes(Duration.ofSeconds(1), Duration.ofSeconds(24), Duration.ofSeconds(24))
                .withTimeScale(4))) {
      WorkerSettings settings =
          WorkerSettings.of(Map.of("job-timeout", "PT2S", "typical-run", "PT1S"));
      SeedanceWorker first = worker(settings);
      long instance =
          runtime.start(generating(simulator, "ark", "A crash test dummy", "PT0.2S"), Map.of());
      String stored = awaitStoredTaskId(instance);
      assertThat(simulator.tasksCreated()).isEqualTo(1);
      first.close(); // mid-wait: the task runs about 6 s

      try (SeedanceWorker second = worker(settings)) {
        ProcessOutcome outcome = runtime.records().await(instance, Duration.ofSeconds(40));
        assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
        assertThat(outcome.variables().get("generatedVideo"))
            .asInstanceOf(MAP)
            .containsEntry("taskId", stored);
      }
      assertThat(simulator.tasksCreated())
          .as("exactly one task created at the provider")
          .isEqualTo(1);
      assertThat(simulator.count(RequestKind.CREATE)).isEqualTo(1);
      assertThat(WorkerEndToEndTest.countActivations(runtime, jobKeyOf(instance)))
          .as("the job came back once, to the new worker")
          .isEqualTo(2);
    }
  }

  @Test
  void aCreateWhoseAnswerNeverComesIsFoundInTheProvidersListAndNotSubmittedAgain()
      throws Exception {
    try (SeedanceSimulator simulator =
        SeedanceSimulator.start(SimulatorSettings.realistic().withTimeScale(10))) {
      simulator
          .faults()
          .next(
              RequestKind.CREATE,
              dev.seedflow.seedance.simulator.Fault.slowAnswer(Duration.ofSeconds(30)),
              1);
      SeedanceClient impatient =
          new SeedanceClient(
              ClientSettings.forLocalRun()
                  .withCallTimeouts(Duration.ofSeconds(45), Duration.ofSeconds(1)));
      try (SeedanceWorker worker =
          local.worker(
              impatient,
              WorkerSettings.of(Map.of("lost-create-margin", "PT0.5S", "typical-run", "PT1S")))) {
        long instance =
            runtime.start(
                generating(simulator, "ark", "Taken, never answered", "PT0.5S"), Map.of());
        ProcessOutcome outcome = runtime.records().await(instance, Duration.ofSeconds(30));
        assertThat(outcome.state())
            .as(outcome.toString())
            .isEqualTo(ProcessOutcome.State.COMPLETED);
        assertThat(outcome.variables().get("generatedVideo"))
            .asInstanceOf(MAP)
            .containsEntry("taskId", simulator.tasksWithPrompt("Taken, never answered").getFirst());
        assertThat(simulator.count(RequestKind.CREATE)).as("never re-sent").isEqualTo(1);
        assertThat(simulator.tasksCreated()).isEqualTo(1);
      }
    }
  }

  @Test
  void fiveHundredVideosInFlightWithABoundedThreadCount() throws Exception {
    // The provider's clock stands still until the worker holds all 500, so all are in flight at
    // once however slowly
    // this machine creates them; then each task ends 5-10 s later.
    try (SeedanceSimulator simulator =
        SeedanceSimulator.start(
            SimulatorSettings.realistic()
                .withTimes(Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(40))
                .withTimeScale(4))) {
      // The simulated account has no queue limit, so the worker is told it may keep all 500 there.
      WorkerSettings settings =
          WorkerSettings.of(
              Map.of(
                  "job-timeout",
                  "PT2M",
                  "typical-run",
                  "PT4S",
                  "requests-per-minute",
                  "60000",
                  "max-unfinished-tasks",
                  "500"));
      // A worker of an earlier test in this JVM may still be winding down: only threads that were
      // not there count as ours.
      java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
      try (SeedanceWorker worker = worker(settings)) {
        var threads = ManagementFactory.getThreadMXBean();
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        int baseline = threads.getThreadCount();
        Map<String, Long> baselineGroups = threadGroups();
        AtomicInteger peakThreads = new AtomicInteger(baseline);
        AtomicInteger peakWaiting = new AtomicInteger();
        long[] peakHeap = {0};
        Thread sampler =
            Thread.ofPlatform()
                .daemon()
                .start(
                    () -> {
                      while (!Thread.currentThread().isInterrupted()) {
                        peakThreads.accumulateAndGet(threads.getThreadCount(), Math::max);
                        int waiting = worker.waiting();
                        if (waiting > peakWaiting.get()) {
                          peakWaiting.set(waiting);
                          peakHeap[0] = memory.getHeapMemoryUsage().getUsed();
                        }
                        try {
                          Thread.sleep(100);
                        } catch (InterruptedException e) {
                          return;
                        }
                      }
                    });
        simulator.pauseClock();
        List<Long> keys = startMany(generating(simulator, "ark", "One of many", "PT0.5S"), 500);
        // Until the sampler has seen them all waiting, not a fixed time: it looks every 100 ms.
        await("the sampler sees all 500 videos waiting")
            .atMost(Duration.ofSeconds(90))
            .until(() -> peakWaiting.get() == 500);
        simulator.resumeClock();
        int done = awaitCompleted(keys, Duration.ofSeconds(120));
        sampler.interrupt();
        long ours =
            Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("seedflow-") && !before.contains(t))
                .count();
        System.out.printf(
            "500 in flight: peak waiting %d, JVM threads %d -> peak %d (worker's own: %d), heap at"
                + " peak %d MB, %d tasks, %.2f status requests per video%n",
            peakWaiting.get(),
            baseline,
            peakThreads.get(),
            ours,
            peakHeap[0] / (1024 * 1024),
            simulator.tasksCreated(),
            (double) simulator.count(RequestKind.READ) / keys.size());
        Map<String, Long> grown = new java.util.TreeMap<>();
        threadGroups()
            .forEach(
                (group, count) -> {
                  if (count > baselineGroups.getOrDefault(group, 0L))
                    grown.put(group, count - baselineGroups.getOrDefault(group, 0L));
                });
        System.out.println("  threads added, by name: " + grown);
        assertThat(done).isEqualTo(500);
        assertThat(peakWaiting.get()).as("all videos in flight at the same time").isEqualTo(500);
        assertThat(ours)
            .as(
                "the worker's own threads: one scheduler, the I/O pool, as many create threads, and"
                    + " the download pool")
            .isEqualTo(1 + 2 * settings.ioThreads() + settings.storeThreads());
        // Everything else that may start threads under load (OkHttp, the engine, the gRPC client's
        // pool, fed at most
        // ENGINE_COMMANDS_IN_FLIGHT commands at a time, the simulator's carriers) is bounded by
        // settings, not by the
        // number of videos. How many of those pools already exist depends on the tests before,
        // hence the margin.
        assertThat(peakThreads.get() - baseline)
            .as("threads added while 500 videos wait")
            .isLessThanOrEqualTo(64);
        assertThat(simulator.tasksCreated()).isEqualTo(500);
        assertThat(worker.finished())
            .as("every job ended by this worker, as the engine confirmed")
            .isEqualTo(500);
      }
    }
  }

  /** Deploys the model and starts it {@code count} times. */
  private static List<Long> startMany(BpmnModelInstance model, int count) {
    String processId =
        runtime
            .client()
            .newDeployResourceCommand()
            .addProcessModel(model, "many.bpmn")
            .send()
            .join()
            .getProcesses()
            .getFirst()
            .getBpmnProcessId();
    List<Long> keys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      keys.add(
          runtime
              .client()
              .newCreateInstanceCommand()
              .bpmnProcessId(processId)
              .latestVersion()
              .send()
              .join()
              .getProcessInstanceKey());
    }
    return keys;
  }

  /** Waits until every instance completed or the timeout passed; returns how many completed. */
  private static int awaitCompleted(List<Long> keys, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (completed(keys) < keys.size() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    return completed(keys);
  }

  /** Live threads by name, with numbers folded ("seedflow-io-3" counts as "seedflow-io-#"). */
  private static Map<String, Long> threadGroups() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(t -> t.getName().replaceAll("[0-9]+", "#"))
        .collect(
            java.util.stream.Collectors.groupingBy(
                name -> name, java.util.stream.Collectors.counting()));
  }

  private static int completed(List<Long> keys) {
    java.util.Set<Long> wanted = new java.util.HashSet<>(keys);
    int count = 0;
    for (Record<?> record : runtime.engine().records()) {
      if (record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
          && record.getValue() instanceof ProcessInstanceRecordValue value
          && value.getBpmnElementType() == BpmnElementType.PROCESS
          && wanted.contains(value.getProcessInstanceKey())) {
        count++;
      }
    }
    return count;
  }

  private static String awaitStoredTaskId(long instance) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      for (Record<?> record : runtime.engine().records()) {
        if (record.getValueType() == ValueType.VARIABLE
            && record.getValue() instanceof VariableRecordValue variable
            && variable.getProcessInstanceKey() == instance
            && variable.getName().equals(WorkerVariables.TASK_ID)) {
          return variable.getValue().replace("\"", "");
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the task id was never stored on the element instance");
  }

  private static long jobKeyOf(long instance) {
    for (Record<?> record : runtime.engine().records()) {
      if (record.getIntent() == JobIntent.CREATED
          && record.getValue() instanceof JobRecordValue job
          && job.getProcessInstanceKey() == instance) {
        return record.getKey();
      }
    }
    throw new AssertionError("no job for instance " + instance);
  }
}
