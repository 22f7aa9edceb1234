package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seedflow.seedance.simulator.SimulatorSettings;
import dev.seedflow.seedance.smoke.ShippedManifests;
import dev.seedflow.seedance.worker.engine.ClientEnvironment;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  /**
   * The connectors runtime's names for the addresses, as in its env file, are taken: the line names
   * the address they give, where the client's default would be localhost.
   */
  @Test
  void withNoGatewayItSaysWhereItTriedOnceAndNeverServes() throws Exception {
    int closedPort = closedPort();
    Path log = dir.resolve("no-gateway.log");
    Process process =
        start(
            log,
            Map.of(
                "CAMUNDA_CLIENT_REST_ADDRESS", "http://127.0.0.1:" + closedPort,
                "CAMUNDA_CLIENT_GRPC_ADDRESS", "http://127.0.0.1:" + closedPort,
                "CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX", "SECRET_"));
    String saysWhere =
        "Waiting for the Camunda gateway at http://127.0.0.1:"
            + closedPort
            + " (REST): it cannot be reached";
    try {
      // Its start is waited for (a JVM on a loaded machine took over 10 s to say it), then ten
      // seconds more: the client polls each job type every few seconds and would have logged a
      // stack trace per poll.
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
    List<String> ours = ours(log);
    assertThat(ours).filteredOn(line -> line.contains(saysWhere)).hasSize(1);
    assertThat(ours).noneMatch(line -> line.contains("serving"));
    assertThat(ours).noneMatch(WorkerJarStartIT::isStackTrace);
    assertThat(ours)
        .as("one line when started, one for the gateway, one when stopped")
        .hasSizeLessThanOrEqualTo(3);
    assertThat(ours)
        .anyMatch(
            line ->
                line.contains("Seedance worker started on Java ")
                    && line.contains("with no management port"));
  }

  /**
   * The shipped Kubernetes Deployment's environment, with the example Secret's values filled in,
   * starts the worker: it opens its management port, says so, and waits for a gateway and a token
   * server that are not here, in one line that names the token server, with no stack trace. Only
   * the management port is moved to a free one, so the test does not depend on 9464 being free.
   */
  @Test
  void theShippedDeploymentsEnvironmentStartsTheWorkerAndWaitsForTheGateway() throws Exception {
    Map<String, String> environment =
        new HashMap<>(ShippedManifests.workerEnvironment(ShippedManifests.exampleSecret()));
    assertThat(environment).containsKeys(ClientEnvironment.OAUTH.toArray(String[]::new));
    assertThat(environment).containsKeys("SECRET_SEEDANCE_API_KEY", "SECRET_SEEDANCE_BASE_URL");
    int port = closedPort();
    environment.put("SEEDFLOW_WORKER_MANAGEMENT_PORT", String.valueOf(port));
    Path log = dir.resolve("deployment.log");
    Process process = start(log, environment);
    String waiting =
        "Waiting for the Camunda gateway at "
            + environment.get("CAMUNDA_REST_ADDRESS")
            + " (REST): the token server did not give a token";
    try {
      await("the worker waits for the gateway")
          .atMost(Duration.ofSeconds(90))
          .until(() -> logged(log).stream().anyMatch(line -> line.contains(waiting)));
      HttpClient http = HttpClient.newHttpClient();
      assertThat(probe(http, port, ManagementEndpoint.LIVE)).isEqualTo(200);
      assertThat(probe(http, port, ManagementEndpoint.READY))
          .as("not ready while the gateway cannot be reached")
          .isEqualTo(503);
      assertThat(process.isAlive()).isTrue();
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    List<String> ours = ours(log);
    assertThat(ours).noneMatch(WorkerJarStartIT::isStackTrace);
    assertThat(ours)
        .anyMatch(
            line ->
                line.contains("Seedance worker started on Java ")
                    && line.contains("management port " + port + " (/metrics"));
    assertThat(ours).filteredOn(line -> line.contains(waiting)).hasSize(1);
  }

  /** Settings the worker cannot start with: each stops the start with one line that names it. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SEEDFLOW_WORKER_MANAGEMENT_PORT=metrics"
            + "|SEEDFLOW_WORKER_MANAGEMENT_PORT is 'metrics', but it must be a whole number.",
        "SEEDFLOW_WORKER_MANAGEMENT_PORT=70000"
            + "|SEEDFLOW_WORKER_MANAGEMENT_PORT is 70000, but it must be a port, 0 to 65535.",
        "CAMUNDA_CLIENT_ID=seedflow-worker,CAMUNDA_CLIENT_SECRET=s"
            + "|OAuth is set in part: CAMUNDA_TOKEN_AUDIENCE, CAMUNDA_AUTHORIZATION_SERVER_URL are"
            + " missing."
      })
  void aSettingItCannotStartWithIsOneLine(String settings, String says) throws Exception {
    Map<String, String> environment = new HashMap<>();
    for (String setting : settings.split(",")) {
      String[] nameAndValue = setting.split("=", 2);
      environment.put(nameAndValue[0], nameAndValue[1]);
    }
    Path log = dir.resolve("refused.log");
    Process process = start(log, environment);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("it stops by itself").isTrue();
    assertThat(process.exitValue()).isNotZero();
    assertThat(ours(log))
        .singleElement()
        .asString()
        .contains("The Seedance worker did not start: " + says);
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
      Process process =
          start(
              log,
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
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("it stops by itself").isTrue();
      assertThat(process.exitValue()).isNotZero();
      assertThat(ours(log))
          .singleElement()
          .asString()
          .contains("The Seedance worker did not start")
          .contains("SEEDFLOW_WORKER_MANAGEMENT_PORT");
      Thread.sleep(2000); // a job it had taken would have been submitted by now
      assertThat(local.simulator.tasksCreated())
          .as("nothing was taken, so nothing was sent")
          .isZero();
    }
  }

  /** The jar started as users start it, with this environment on top of the test's own. */
  private static Process start(Path log, Map<String, String> environment) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return builder.start();
  }

  /**
   * The worker's own lines: without the JVM's notes on netty's use of Unsafe (JDK 24 and later) and
   * on JAVA_TOOL_OPTIONS, which are the JVM's, not the worker's.
   */
  private static List<String> ours(Path log) throws IOException {
    return Files.readAllLines(log).stream()
        .filter(line -> !line.startsWith("WARNING: ") && !line.startsWith("Picked up "))
        .toList();
  }

  private static boolean isStackTrace(String line) {
    return line.startsWith("\tat ") || line.startsWith("Caused by");
  }

  private static int probe(HttpClient http, int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
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
