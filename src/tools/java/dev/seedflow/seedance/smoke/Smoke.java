package dev.seedflow.seedance.smoke;

import dev.seedflow.seedance.local.FolderDocumentStore;
import dev.seedflow.seedance.local.LocalDocumentsApi;
import dev.seedflow.seedance.local.LocalEngine;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.local.ProcessRecords;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import io.camunda.client.CamundaClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./seedance smoke}: the deliverables booted the way users deploy them, each in a JVM of its own, against the
 * engine (and the simulator, and the documents API) in this one: the connector jar in a Spring Boot connectors runtime
 * (Camunda's starter, as the official bundle is built), and the standalone worker jar with {@code java -jar}. Secrets
 * come through the prefix the runtime wants. Three examples run through them; each must complete.
 *
 * <p>Arguments: the connector jar, the worker jar, a file with the connectors runtime's classpath.
 */
public final class Smoke {
  private static final Path WORK = Path.of("target/smoke");
  private static final String API_KEY = "sk-smoke";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private Smoke() {}

  public static void main(String[] args) throws Exception {
    Path connectorJar = Path.of(args[0]);
    Path workerJar = Path.of(args[1]);
    String runtimeClasspath = Files.readString(Path.of(args[2])).strip();
    Files.createDirectories(WORK);
    try (var old = Files.walk(WORK.resolve("documents"))) {
      old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete()); // a fresh count of this run's documents
    } catch (java.nio.file.NoSuchFileException firstRun) {
      // nothing to clear
    }
    List<Process> children = new ArrayList<>();
    int failures = 0;
    try (LocalEngine engine = LocalEngine.start();
         LocalDocumentsApi documents = LocalDocumentsApi.start(new FolderDocumentStore(WORK.resolve("documents")));
         SeedanceSimulator simulator = SeedanceSimulator.start(SimulatorSettings.realistic().withApiKey(API_KEY).withTimeScale(10))) {
      Map<String, String> secrets = Map.of("CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX", "SECRET_",
          "SECRET_SEEDANCE_API_KEY", API_KEY, "SECRET_SEEDANCE_BASE_URL", simulator.baseUrl());
      System.out.println("smoke: engine " + engine.grpcAddress() + ", documents API " + documents.address() + ", simulator " + simulator.baseUrl());

      Path app = WORK.resolve("runtime-app");
      Path appClass = app.resolve("dev/seedflow/seedance/smoke/ConnectorsRuntimeApplication.class");
      Files.createDirectories(appClass.getParent());
      try (var in = Smoke.class.getResourceAsStream("ConnectorsRuntimeApplication.class")) {
        Files.copy(in, appClass, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      // The worker in the runtime is switched off, so generate and await are served by the standalone worker.
      children.add(start("connectors-runtime", secrets, List.of("-cp", runtimeClasspath + ":" + connectorJar.toAbsolutePath() + ":" + app.toAbsolutePath(),
          "-Dspring.main.web-application-type=none", "-Dcamunda.client.mode=self-managed", "-Dcamunda.client.auth.method=none",
          "-Dcamunda.client.grpc-address=" + engine.grpcAddress(), "-Dcamunda.client.rest-address=" + documents.address(),
          "-Dcamunda.client.prefer-rest-over-grpc=false", "-Dcamunda.connector.polling.enabled=false",
          "-Dcamunda.connector.webhook.enabled=false", "-Dseedflow.worker.enabled=false", ConnectorsRuntimeApplication.class.getName())));
      Map<String, String> workerEnvironment = new LinkedHashMap<>(secrets);
      workerEnvironment.putAll(Map.of("CAMUNDA_GRPC_ADDRESS", engine.grpcAddress(), "CAMUNDA_REST_ADDRESS", documents.address(),
          "CAMUNDA_PREFER_REST", "false", "SEEDFLOW_WORKER_TYPICAL_RUN", "PT5.5S"));
      children.add(start("standalone-worker", workerEnvironment, List.of("-jar", workerJar.toAbsolutePath().toString())));

      try (CamundaClient client = CamundaClient.newClientBuilder().grpcAddress(URI.create(engine.grpcAddress()))
          .restAddress(URI.create(documents.address())).preferRestOverGrpc(false).build()) {
        ProcessRecords records = new ProcessRecords(engine);
        Map<String, Long> started = new LinkedHashMap<>();
        for (String example : List.of("quickstart-text-to-video", "create-notify-await", "timer-loop")) {
          Path file = Path.of("bpmn-examples", example + ".bpmn");
          String processId = client.newDeployResourceCommand().addResourceFile(file.toString()).send().join().getProcesses().getFirst().getBpmnProcessId();
          started.put(example, client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
              .variables(Map.of("prompt", "Smoke test: " + example)).send().join().getProcessInstanceKey());
        }
        // The timer loop waits 10 s between reads: the engine's clock moves on instead.
        AutoCloseable clock = engine.fastForward(Duration.ofSeconds(10));
        long begin = System.nanoTime();
        for (var instance : started.entrySet()) {
          ProcessOutcome outcome = records.await(instance.getValue(), TIMEOUT.minusNanos(System.nanoTime() - begin));
          boolean completed = outcome.state() == ProcessOutcome.State.COMPLETED;
          failures += completed ? 0 : 1;
          System.out.printf("smoke: %-26s %s after %.1f s%s%n", instance.getKey(), outcome.state(), (System.nanoTime() - begin) / 1e9,
              completed ? kept(outcome) : " " + outcome.incidents() + " waiting at " + outcome.waitingAt());
        }
        clock.close();
      }
      System.out.printf("smoke: %d tasks created at the simulator, %d documents kept; logs in %s%n", simulator.tasksCreated(),
          countDocuments(documents), WORK);
      // The standalone worker logs on its own (a jar with no logging backend would run silent, its failures unseen).
      if (!Files.readString(WORK.resolve("standalone-worker.log")).contains("Seedance worker serving")) {
        failures++;
        System.out.println("smoke: the standalone worker logged nothing of its start; see " + WORK.resolve("standalone-worker.log"));
      }
    } finally {
      for (Process child : children) {
        child.destroy();
      }
    }
    if (failures > 0) {
      System.out.println("smoke: FAILED (" + failures + " checks); see the logs in " + WORK);
      System.exit(1);
    }
    System.out.println("smoke: OK");
    System.exit(0); // the engine's and the client's threads would keep the JVM alive
  }

  private static String kept(ProcessOutcome outcome) {
    return outcome.variables().values().stream().filter(v -> v instanceof Map<?, ?> m && m.get("videoDocument") instanceof Map<?, ?>)
        .map(v -> ", video kept as a document (" + ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) v).get("videoDocument")).get("metadata")).get("size") + " bytes)")
        .findFirst().orElse("");
  }

  private static long countDocuments(LocalDocumentsApi documents) throws IOException {
    try (var folders = Files.list(documents.store().root())) {
      return folders.count();
    }
  }

  /** A deliverable in a JVM of its own, its output in target/smoke/NAME.log. */
  private static Process start(String name, Map<String, String> environment, List<String> arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(WORK.resolve(name + ".log").toFile());
    builder.environment().putAll(environment);
    System.out.println("smoke: started " + name + " (java " + String.join(" ", arguments.stream().map(a -> a.length() > 120 ? "<" + a.length() + " chars>" : a).toList()) + ")");
    return builder.start();
  }
}
