package dev.seedflow.seedance.reliability;

import dev.seedflow.seedance.local.LocalRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One worker replica in a JVM of its own, as users deploy it beside others: {@code java -jar} on
 * the packaged standalone worker jar, configured only by environment variables, the Camunda
 * client's, the runtime's secret prefix and {@code SEEDFLOW_WORKER_*}. The suites that use it
 * ({@code *IT}) run beside the other tests: the build makes the jar before the tests and names it
 * in the system property {@code seedflow.worker.jar}.
 */
final class WorkerReplica {
  /**
   * The suites' settings under theirs: short job timeouts, so jobs move between replicas, and a
   * create deadline of 5 s with a margin of 3 s, so the job of a replica killed inside a create
   * looks for its task in the provider's list 8 s after its intent rather than 2.5 minutes.
   */
  private static final Map<String, String> SUITE_SETTINGS =
      Map.of(
          "job-timeout",
          "PT2S",
          "typical-run",
          "PT1S",
          "requests-per-minute",
          "6000",
          "create-call-timeout",
          "PT5S",
          "lost-create-margin",
          "PT3S",
          "local-run",
          "true");

  private static final Duration STARTING_MAY_TAKE = Duration.ofSeconds(60);

  private final Process process;
  private final Path log;

  private WorkerReplica(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * A replica JVM, started and ready: its job workers are open. Its output goes to {@code log}.
   * {@code settings} are worker settings named as after {@code seedflow.worker.} ({@code
   * "job-timeout=PT1M"}), over the suites'.
   */
  static WorkerReplica start(LocalRuntime runtime, Path log, String... settings)
      throws IOException {
    return launch(runtime, log, settings).awaitReady();
  }

  /**
   * {@code count} replicas, {@code replica-<i>.log} in {@code logs}, started side by side and all
   * ready.
   */
  static List<WorkerReplica> startAll(
      LocalRuntime runtime, Path logs, int count, String... settings) throws IOException {
    List<WorkerReplica> replicas = new ArrayList<>();
    for (int i = 0; i < count; i++)
      replicas.add(launch(runtime, logs.resolve("replica-" + i + ".log"), settings));
    for (WorkerReplica replica : replicas) replica.awaitReady();
    return replicas;
  }

  /** A replica JVM on its way up: {@link #awaitReady()} waits until its job workers are open. */
  private static WorkerReplica launch(LocalRuntime runtime, Path log, String... settings)
      throws IOException {
    String jar = System.getProperty("seedflow.worker.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "no worker jar at seedflow.worker.jar ("
              + jar
              + "): run the suite with ./seedance test or mvn test, which build the jar first");
    }
    // The suites boot about 30 replicas on the cores the other tests use: the client compiler alone
    // and the serial
    // collector cut a boot's CPU by about a third (3.4 s to 2.2 s here); the jar and its settings
    // are the users'.
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            jar);
    // The replica writes straight to its log file, so every line up to its last is there, whatever
    // this JVM is doing.
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment(runtime, settings));
    return new WorkerReplica(builder.start(), log);
  }

  /** Whether its log says it serves. */
  private boolean ready() throws IOException {
    return Files.isRegularFile(log) && Files.readString(log).contains("Seedance worker serving");
  }

  /**
   * Waits until it serves; a replica that does not within a minute is killed and reported with its
   * log.
   */
  WorkerReplica awaitReady() throws IOException {
    long deadline = System.nanoTime() + STARTING_MAY_TAKE.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (ready()) return this;
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    process.destroyForcibly();
    throw new IOException("the replica did not start; see " + log);
  }

  /** SIGKILL: no shutdown hook runs, calls in flight are cut off. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, as the kubelet sends it; whether it stopped within {@code grace}. */
  boolean stop(Duration grace) throws InterruptedException {
    process.destroy();
    return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Map<String, String> environment(LocalRuntime runtime, String... settings) {
    Map<String, String> named = new LinkedHashMap<>(SUITE_SETTINGS);
    for (String setting : settings)
      named.put(
          setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
    Map<String, String> environment =
        new LinkedHashMap<>(
            Map.of(
                "CAMUNDA_GRPC_ADDRESS",
                runtime.engine().grpcAddress(),
                "CAMUNDA_REST_ADDRESS",
                runtime.documentsAddress(),
                "CAMUNDA_PREFER_REST",
                "false",
                "CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX",
                "SECRET_",
                "SECRET_SEEDANCE_API_KEY",
                Canary.KEY));
    named.forEach(
        (name, value) ->
            environment.put(
                "SEEDFLOW_WORKER_"
                    + name.replace('-', '_').replace('.', '_').toUpperCase(Locale.ROOT),
                value));
    return environment;
  }
}
