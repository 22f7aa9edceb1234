package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seedflow.seedance.simulator.SimulatorSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged worker jar started as a new user starts it: under the machine's old Java, with no
 * cluster to reach, and on a port another process holds. Each must say what is wrong in one line,
 * not a stack trace or a flood of them.
 */
class WorkerJarStartIT {
  @TempDir Path dir;

  @Test
  void underAJavaOlderThan21ItSaysSoInOneLineAndExitsNonZero() throws Exception {
    Optional<Path> oldJava = oldJava();
    assumeTrue(
        oldJava.isPresent(), "no JDK older than 21 on this machine (looked in /usr/lib/jvm)");
    Path log = dir.resolve("old-java.log");
    Process process =
        new ProcessBuilder(oldJava.get().toString(), "-jar", jar())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<String> lines = Files.readAllLines(log);
    assertThat(process.exitValue()).isNotZero();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0))
        .startsWith("Seedflow's worker needs Java 21 or newer; found ")
        .contains("JAVA_HOME");
  }

  @Test
  void withNoGatewayItSaysWhereItTriedOnceAndNeverServes() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path log = dir.resolve("no-gateway.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("CAMUNDA_REST_ADDRESS", "http://127.0.0.1:" + closedPort);
    builder.environment().put("CAMUNDA_GRPC_ADDRESS", "http://127.0.0.1:" + closedPort);
    builder.environment().put("CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX", "SECRET_");
    Process process = builder.start();
    String saysWhere = "Cannot reach the Camunda gateway at http://127.0.0.1:" + closedPort;
    try {
      // Its start is waited for (a JVM on a loaded machine took over 10 s to say it), then ten
      // seconds more: the client
      // polls each job type every few seconds and would have logged a stack trace per poll.
      await("the worker says where it tried")
          .atMost(Duration.ofSeconds(60))
          .until(() -> logged(log).stream().anyMatch(line -> line.contains(saysWhere)));
      assertThat(process.waitFor(10, TimeUnit.SECONDS))
          .as("the worker keeps running while the gateway is away")
          .isFalse();
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    List<String> ours =
        Files.readAllLines(log).stream()
            .filter(line -> !line.startsWith("WARNING: "))
            .toList(); // the JVM's own notes on netty
    assertThat(ours).filteredOn(line -> line.contains(saysWhere)).hasSize(1);
    assertThat(ours).noneMatch(line -> line.contains("serving"));
    assertThat(ours).noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by"));
    assertThat(ours).as("one line for the gateway, one when stopped").hasSizeLessThanOrEqualTo(2);
  }

  /**
   * A second worker on a management port in use: the start stops there, non-zero, before it takes
   * anything. The engine holds a generate job the whole time; no create ever reaches the provider.
   */
  @Test
  void aManagementPortInUseStopsTheStartBeforeAnyJobIsTaken() throws Exception {
    try (WorkerFixture local =
            WorkerFixture.start(
                Map.of("SEEDANCE_API_KEY", "sk-start"),
                SimulatorSettings.realistic().withApiKey("sk-start"));
        ServerSocket taken = new ServerSocket(0)) {
      local.runtime.start(local.generating("prompt", "A clip nobody takes"), Map.of());
      Path log = dir.resolve("port-in-use.log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder
          .environment()
          .putAll(
              Map.of(
                  "CAMUNDA_GRPC_ADDRESS",
                  local.runtime.engine().grpcAddress(),
                  "CAMUNDA_REST_ADDRESS",
                  local.runtime.documentsAddress(),
                  "CAMUNDA_PREFER_REST",
                  "false",
                  "CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX",
                  "SECRET_",
                  "SECRET_SEEDANCE_API_KEY",
                  "sk-start",
                  "SEEDFLOW_WORKER_LOCAL_RUN",
                  "true",
                  "SEEDFLOW_WORKER_MANAGEMENT_PORT",
                  String.valueOf(taken.getLocalPort())));
      Process process = builder.start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("it stops by itself").isTrue();
      assertThat(process.exitValue()).isNotZero();
      List<String> ours =
          Files.readAllLines(log).stream().filter(line -> !line.startsWith("WARNING: ")).toList();
      assertThat(ours)
          .singleElement()
          .asString()
          .contains("The Seedance worker did not start")
          .contains("seedflow.worker.management-port");
      Thread.sleep(2000); // a job it had taken would have been submitted by now
      assertThat(local.simulator.tasksCreated())
          .as("nothing was taken, so nothing was sent")
          .isZero();
    }
  }

  private static String jar() {
    String jar = System.getProperty("seedflow.worker.jar");
    assertThat(jar).as("the worker jar, named by the build").isNotNull();
    return jar;
  }

  private static Optional<Path> oldJava() throws IOException {
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) return Optional.empty();
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes
          .filter(
              home ->
                  home.getFileName()
                      .toString()
                      .matches("(java-|openjdk-|temurin-)?(1[1-9]|8)\\b.*"))
          .map(home -> home.resolve("bin/java"))
          .filter(Files::isExecutable)
          .findFirst();
    }
  }

  /** The log so far; empty while the file is not there yet. */
  private static List<String> logged(Path log) {
    try {
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException unreadable) {
      return List.of();
    }
  }
}
