package dev.seedflow.seedance.smoke;

import dev.seedflow.seedance.local.FolderDocumentStore;
import dev.seedflow.seedance.local.LocalDocumentsApi;
import dev.seedflow.seedance.local.LocalEngine;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.local.ProcessRecords;
import dev.seedflow.seedance.model.JobTypes;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import io.camunda.client.CamundaClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./seedance smoke}: the deliverables booted the way users deploy them, each in a JVM of its
 * own, against the engine (and the simulator, and the documents API) in this one: the connector jar
 * in a Spring Boot connectors runtime (Camunda's starter, as the official bundle is built), and the
 * standalone worker jar with {@code java -jar}. Secrets come through the prefix the runtime wants.
 * Three examples run through them; each must complete. Both JVMs have a heap of {@value #HEAP}: a
 * video of 40 MB is kept by each, and one of 200 MB is refused by each with the incident that names
 * the heap, never an {@code OutOfMemoryError}. Where Debian's {@code prometheus} is installed, it
 * scrapes both ({@link PrometheusServer}), and what it scraped is read back and checked against
 * what ran.
 *
 * <p>Arguments: the connector jar, the worker jar, a file with the connectors runtime's classpath.
 */
public final class Smoke {
  private static final Path WORK = Path.of("target/smoke");
  private static final String API_KEY = "sk-smoke";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final String HEAP = "256m";
  private static final String SPRING_BOOT_4_TYPE = JobTypes.GENERATE + "-spring-boot-4";

  /**
   * The examples whose last Seedance step the standalone worker completes (the timer loop's is the
   * connector's).
   */
  private static final Set<String> WORKER_COMPLETES =
      Set.of("quickstart-text-to-video", "create-notify-await");

  /**
   * The example each deliverable serves: the worker's one-step generate, the connector's read that
   * keeps the video.
   */
  private static final Map<String, String> MEMORY_EXAMPLES =
      Map.of("worker", "quickstart-text-to-video", "connector", "timer-loop");

  private Smoke() {}

  public static void main(String[] args) throws Exception {
    Path connectorJar = Path.of(args[0]);
    Path workerJar = Path.of(args[1]);
    String runtimeClasspath = Files.readString(Path.of(args[2])).strip();
    String springBoot4Classpath = args[3];
    // Before anything runs: every reference of our thin jar into Camunda and Spring, looked up in
    // that application's jars.
    List<Path> springBoot4Jars =
        Arrays.stream(springBoot4Classpath.split(":")).map(Path::of).toList();
    ReferenceCheck.Result references =
        ReferenceCheck.check(
            springBoot4Jars.getFirst(), springBoot4Jars.subList(1, springBoot4Jars.size()));
    System.out.printf(
        "smoke: references of our jar into io.camunda and org.springframework: %d (and %d classes"
            + " used only as annotations, which a JVM skips when absent), of which missing on"
            + " spring boot %s, camunda client %s, connectors %s: %d%s%n",
        references.references(),
        references.annotationsOnly(),
        versionIn(springBoot4Classpath, "spring-boot-"),
        clientIn(springBoot4Classpath),
        versionIn(springBoot4Classpath, "connector-runtime-core-"),
        references.missing().size(),
        references.missing().isEmpty() ? "" : "\n  " + String.join("\n  ", references.missing()));
    Files.createDirectories(WORK);
    try (var old = Files.walk(WORK.resolve("documents"))) {
      old.sorted(java.util.Comparator.reverseOrder())
          .forEach(path -> path.toFile().delete()); // a fresh count of this run's documents
    } catch (java.nio.file.NoSuchFileException firstRun) {
      // nothing to clear
    }
    List<Process> children = new ArrayList<>();
    PrometheusServer prometheus = null;
    int failures = 0;
    try (LocalEngine engine = LocalEngine.start();
        LocalDocumentsApi documents =
            LocalDocumentsApi.start(new FolderDocumentStore(WORK.resolve("documents")));
        SeedanceSimulator simulator =
            SeedanceSimulator.start(
                SimulatorSettings.realistic().withApiKey(API_KEY).withTimeScale(10))) {
      Map<String, String> secrets =
          Map.of(
              "CAMUNDA_CONNECTOR_SECRETPROVIDER_ENVIRONMENT_PREFIX",
              "SECRET_",
              "SECRET_SEEDANCE_API_KEY",
              API_KEY,
              "SECRET_SEEDANCE_BASE_URL",
              simulator.baseUrl());
      System.out.println(
          "smoke: engine "
              + engine.grpcAddress()
              + ", documents API "
              + documents.address()
              + ", simulator "
              + simulator.baseUrl());

      Path app = WORK.resolve("runtime-app");
      Path appClass = app.resolve("dev/seedflow/seedance/smoke/ConnectorsRuntimeApplication.class");
      Files.createDirectories(appClass.getParent());
      try (var in = Smoke.class.getResourceAsStream("ConnectorsRuntimeApplication.class")) {
        Files.copy(in, appClass, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      // The worker in the runtime is switched off (by the Helm values' SEEDFLOW_WORKER_ENABLED), so
      // generate and await are served by the standalone worker.
      // Each deliverable serves its meters: the runtime on its actuator, the standalone worker on
      // its management port.
      int runtimePort = PrometheusServer.freePort();
      int workerPort = PrometheusServer.freePort();
      // The runtime's environment is the Helm values' (connectors-values.yaml), its secret filled
      // in, and the provider's address the simulator's: so its prefix, its secrets' names and its
      // switch for the runtime's own worker are the shipped ones.
      Map<String, String> runtimeEnvironment =
          new LinkedHashMap<>(
              ShippedManifests.runtimeEnvironment(Map.of("seedance-api-key", API_KEY)));
      runtimeEnvironment.put("SECRET_SEEDANCE_BASE_URL", simulator.baseUrl());
      children.add(
          start(
              "connectors-runtime",
              runtimeEnvironment,
              List.of(
                  "-cp",
                  runtimeClasspath
                      + ":"
                      + connectorJar.toAbsolutePath()
                      + ":"
                      + app.toAbsolutePath(),
                  "-Dserver.address=127.0.0.1",
                  "-Dserver.port=" + runtimePort,
                  "-Dmanagement.endpoints.web.exposure.include=health,prometheus",
                  "-Dcamunda.client.mode=self-managed",
                  "-Dcamunda.client.auth.method=none",
                  "-Dcamunda.client.grpc-address=" + engine.grpcAddress(),
                  "-Dcamunda.client.rest-address=" + documents.address(),
                  "-Dcamunda.client.prefer-rest-over-grpc=false",
                  "-Dcamunda.connector.polling.enabled=false",
                  "-Dcamunda.connector.webhook.enabled=false",
                  "-Dseedflow.connector.local-run=true",
                  ConnectorsRuntimeApplication.class.getName())));
      Map<String, String> workerEnvironment = new LinkedHashMap<>(secrets);
      workerEnvironment.putAll(
          Map.of(
              "CAMUNDA_GRPC_ADDRESS",
              engine.grpcAddress(),
              "CAMUNDA_REST_ADDRESS",
              documents.address(),
              "CAMUNDA_PREFER_REST",
              "false",
              "SEEDFLOW_WORKER_TYPICAL_RUN",
              "PT5.5S",
              "SEEDFLOW_WORKER_LOCAL_RUN",
              "true"));
      workerEnvironment.put("SEEDFLOW_WORKER_MANAGEMENT_PORT", String.valueOf(workerPort));
      children.add(
          start(
              "standalone-worker",
              workerEnvironment,
              List.of("-jar", workerJar.toAbsolutePath().toString())));
      // Our thin jar in a plain Spring Boot 4 application with the Camunda 8.9 client (as the 8.9
      // connectors runtime is
      // built): its auto-configuration serves generate jobs of a type of its own, so only it can
      // complete them.
      children.add(
          start(
              "spring-boot-4-worker",
              secrets,
              List.of(
                  "-cp",
                  springBoot4Classpath,
                  "-Dcamunda.client.grpc-address=" + engine.grpcAddress(),
                  "-Dcamunda.client.rest-address=" + documents.address(),
                  "-Dseedflow.worker.generate-type=" + SPRING_BOOT_4_TYPE,
                  "-Dseedflow.worker.await-type=" + SPRING_BOOT_4_TYPE + "-await",
                  "-Dseedflow.worker.typical-run=PT5.5S",
                  "-Dseedflow.worker.local-run=true",
                  "-Dseedflow.connector.local-run=true",
                  "dev.seedflow.compat.SpringBoot4Worker")));
      prometheus =
          PrometheusServer.installed()
              ? PrometheusServer.start(
                  WORK,
                  Map.of(
                      "worker",
                      Map.entry("127.0.0.1:" + workerPort, "/metrics"),
                      "runtime",
                      Map.entry("127.0.0.1:" + runtimePort, "/actuator/prometheus")))
              : null;
      int completedByWorker = 0;

      try (CamundaClient client =
          CamundaClient.newClientBuilder()
              .grpcAddress(URI.create(engine.grpcAddress()))
              .restAddress(URI.create(documents.address()))
              .preferRestOverGrpc(false)
              .build()) {
        ProcessRecords records = new ProcessRecords(engine);
        Map<String, Long> started = new LinkedHashMap<>();
        Map<String, String> processIds = new LinkedHashMap<>();
        for (String example :
            List.of("quickstart-text-to-video", "create-notify-await", "timer-loop")) {
          Path file = Path.of("bpmn-examples", example + ".bpmn");
          String processId =
              client
                  .newDeployResourceCommand()
                  .addResourceFile(file.toString())
                  .send()
                  .join()
                  .getProcesses()
                  .getFirst()
                  .getBpmnProcessId();
          processIds.put(example, processId);
          started.put(
              example,
              client
                  .newCreateInstanceCommand()
                  .bpmnProcessId(processId)
                  .latestVersion()
                  .variables(Map.of("prompt", "Smoke test: " + example))
                  .send()
                  .join()
                  .getProcessInstanceKey());
        }
        Map<String, Long> large = new LinkedHashMap<>();
        for (var deliverable : MEMORY_EXAMPLES.entrySet()) {
          for (String size : List.of("40MB", "200MB")) {
            large.put(
                deliverable.getKey() + ", a " + size + " video",
                client
                    .newCreateInstanceCommand()
                    .bpmnProcessId(processIds.get(deliverable.getValue()))
                    .latestVersion()
                    .variables(
                        Map.of("prompt", "Smoke test: a large video [sim:size=" + size + "]"))
                    .send()
                    .join()
                    .getProcessInstanceKey());
          }
        }
        // The quickstart again, its generate step typed for the Spring Boot 4 application alone.
        String quickstart =
            Files.readString(Path.of("bpmn-examples", "quickstart-text-to-video.bpmn"));
        String springBoot4Model =
            quickstart
                .replace(
                    "type=\"" + JobTypes.GENERATE + "\"", "type=\"" + SPRING_BOOT_4_TYPE + "\"")
                .replace(processIds.get("quickstart-text-to-video"), "spring_boot_4_quickstart");
        if (springBoot4Model.equals(quickstart)
            || !springBoot4Model.contains("spring_boot_4_quickstart")) {
          throw new IllegalStateException(
              "the quickstart's job type or process id is not where smoke looks for it");
        }
        client
            .newDeployResourceCommand()
            .addResourceStringUtf8(springBoot4Model, "spring-boot-4.bpmn")
            .send()
            .join();
        long springBoot4 =
            client
                .newCreateInstanceCommand()
                .bpmnProcessId("spring_boot_4_quickstart")
                .latestVersion()
                .variables(Map.of("prompt", "Smoke test: Spring Boot 4"))
                .send()
                .join()
                .getProcessInstanceKey();
        // The timer loop waits 10 s between reads: the engine's clock moves on instead.
        AutoCloseable clock = engine.fastForward(Duration.ofSeconds(10));
        long begin = System.nanoTime();
        for (var instance : started.entrySet()) {
          ProcessOutcome outcome =
              records.await(instance.getValue(), TIMEOUT.minusNanos(System.nanoTime() - begin));
          boolean completed = outcome.state() == ProcessOutcome.State.COMPLETED;
          failures += completed ? 0 : 1;
          completedByWorker += completed && WORKER_COMPLETES.contains(instance.getKey()) ? 1 : 0;
          System.out.printf(
              "smoke: %-26s %s after %.1f s%s%n",
              instance.getKey(),
              outcome.state(),
              (System.nanoTime() - begin) / 1e9,
              completed
                  ? kept(outcome)
                  : " " + outcome.incidents() + " waiting at " + outcome.waitingAt());
        }
        for (var instance : large.entrySet()) {
          ProcessOutcome outcome =
              records.await(instance.getValue(), TIMEOUT.minusNanos(System.nanoTime() - begin));
          boolean refused = instance.getKey().contains("200MB");
          String incident =
              outcome.incidents().isEmpty() ? "" : outcome.incidents().getFirst().errorMessage();
          boolean expected =
              refused
                  ? outcome.state() == ProcessOutcome.State.INCIDENT
                      && incident.startsWith("SEEDANCE_STORE_FAILED")
                      && incident.contains("heap of 256 MB")
                  : outcome.state() == ProcessOutcome.State.COMPLETED && !kept(outcome).isEmpty();
          failures += expected ? 0 : 1;
          completedByWorker +=
              !refused && expected && instance.getKey().startsWith("worker") ? 1 : 0;
          System.out.printf(
              "smoke: memory (-Xmx%s), %-24s %s after %.1f s%s%n",
              HEAP,
              instance.getKey(),
              outcome.state(),
              (System.nanoTime() - begin) / 1e9,
              refused
                  ? ": " + incident.replaceAll("(.*? limit for a kept file).*", "$1")
                  : kept(outcome));
        }
        ProcessOutcome onSpringBoot4 =
            records.await(springBoot4, TIMEOUT.minusNanos(System.nanoTime() - begin));
        boolean servedOnSpringBoot4 =
            onSpringBoot4.state() == ProcessOutcome.State.COMPLETED
                && !kept(onSpringBoot4).isEmpty();
        failures += servedOnSpringBoot4 ? 0 : 1;
        System.out.printf(
            "smoke: spring boot %s, camunda client %s: the quickstart on the worker's"
                + " auto-configuration %s after %.1f s%s%n",
            versionIn(springBoot4Classpath, "spring-boot-"),
            clientIn(springBoot4Classpath),
            onSpringBoot4.state(),
            (System.nanoTime() - begin) / 1e9,
            servedOnSpringBoot4
                ? kept(onSpringBoot4)
                : " "
                    + onSpringBoot4.incidents()
                    + "; see "
                    + WORK.resolve("spring-boot-4-worker.log"));
        clock.close();
      }
      System.out.printf(
          "smoke: %d tasks created at the simulator, %d documents kept; logs in %s%n",
          simulator.tasksCreated(), countDocuments(documents), WORK);
      long outOfMemory = 0;
      for (String log : List.of("standalone-worker.log", "connectors-runtime.log")) {
        outOfMemory +=
            Files.readString(WORK.resolve(log))
                .lines()
                .filter(line -> line.contains("OutOfMemoryError"))
                .count();
      }
      failures += outOfMemory == 0 ? 0 : 1;
      failures +=
          prometheus == null
              ? skipMetrics()
              : checkMetrics(prometheus, completedByWorker, workerPort);
      System.out.println(
          "smoke: memory: OutOfMemoryError lines in the two deliverables' logs: " + outOfMemory);
      // The standalone worker logs on its own (a jar with no logging backend would run silent, its
      // failures unseen).
      if (Files.readString(WORK.resolve("connectors-runtime.log"))
          .contains("Seedance worker serving")) {
        failures++;
        System.out.println(
            "smoke: the runtime served generate jobs itself, though the Helm values'"
                + " SEEDFLOW_WORKER_ENABLED=false should have switched its worker off");
      }
      if (!Files.readString(WORK.resolve("standalone-worker.log"))
          .contains("Seedance worker serving")) {
        failures++;
        System.out.println(
            "smoke: the standalone worker logged nothing of its start; see "
                + WORK.resolve("standalone-worker.log"));
      }
    } finally {
      if (prometheus != null) prometheus.close();
      for (Process child : children) {
        child.destroy();
      }
    }
    failures += references.missing().isEmpty() ? 0 : 1;
    if (failures > 0) {
      System.out.println("smoke: FAILED (" + failures + " checks); see the logs in " + WORK);
      System.exit(1);
    }
    System.out.println("smoke: OK");
    System.exit(0); // the engine's and the client's threads would keep the JVM alive
  }

  private static int skipMetrics() {
    System.out.println(
        "smoke: metrics: skipped, no Prometheus here (/usr/bin/prometheus; CI installs Debian's"
            + " prometheus)");
    return 0;
  }

  /**
   * Reads back from Prometheus what it scraped: the worker's completed jobs (which must equal the
   * videos it completed here), its provider requests and its lag histogram, and that the runtime's
   * actuator was scraped too.
   */
  private static int checkMetrics(
      PrometheusServer prometheus, int completedByWorker, int workerPort) throws Exception {
    Duration wait = Duration.ofSeconds(20);
    String completions = "sum(seedflow_jobs_ended_total{job=\"worker\",outcome=\"completed\"})";
    String lags = "sum(seedflow_video_completion_lag_seconds_count{job=\"worker\"})";
    double completed = prometheus.value(completions, wait).orElse(-1.0);
    double lagged = prometheus.value(lags, wait).orElse(-1.0);
    // A scrape a second: wait until the last of the worker's completions is in, and its lag
    // (recorded just after the
    // completion is counted, so a scrape can fall between the two).
    for (long until = System.nanoTime() + wait.toNanos();
        (completed < completedByWorker || lagged < completedByWorker)
            && System.nanoTime() < until; ) {
      Thread.sleep(500);
      completed = prometheus.value(completions, wait).orElse(-1.0);
      lagged = prometheus.value(lags, wait).orElse(-1.0);
    }
    double requests =
        prometheus
            .value("sum(seedflow_provider_requests_total{job=\"worker\"})", wait)
            .orElse(-1.0);
    double created =
        prometheus
            .value(
                "sum(seedflow_provider_requests_total{job=\"worker\",kind=\"create\",outcome=\"ok\"})",
                wait)
            .orElse(-1.0);
    double buckets =
        prometheus
            .value("count(seedflow_video_completion_lag_seconds_bucket{job=\"worker\"})", wait)
            .orElse(-1.0);
    double runtimeUp = prometheus.value("up{job=\"runtime\"}", wait).orElse(-1.0);
    double runtimeSeries = prometheus.value("count({job=\"runtime\"})", wait).orElse(-1.0);
    double runtimeRequests =
        prometheus
            .value("sum(seedflow_provider_requests_total{job=\"runtime\"})", wait)
            .orElse(-1.0);
    int ready =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + workerPort + "/health/ready"))
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode();
    boolean ok =
        completed == completedByWorker
            && requests > 0
            && created > 0
            && lagged == completedByWorker
            && buckets > 0
            && runtimeUp == 1
            && runtimeSeries > 0
            && runtimeRequests > 0
            && ready == 200;
    System.out.printf(
        "smoke: metrics: prometheus scraped the worker and the runtime; videos completed %.0f"
            + " (worker; it completed %d here), provider requests %.0f (creates taken %.0f),"
            + " completion lag histogram of %.0f videos in %.0f buckets; runtime up %.0f with %.0f"
            + " series, the connector's provider requests %.0f; worker readiness %d%s%n",
        completed,
        completedByWorker,
        requests,
        created,
        lagged,
        buckets,
        runtimeUp,
        runtimeSeries,
        runtimeRequests,
        ready,
        ok ? "" : " (FAILED; targets: " + prometheus.targetHealth() + ")");
    return ok ? 0 : 1;
  }

  /**
   * The Camunda client's version, and its gateway protocol's where that differs (not every 8.9.13
   * jar is served here).
   */
  private static String clientIn(String classpath) {
    String client = versionIn(classpath, "camunda-client-java-");
    String protocol = versionIn(classpath, "zeebe-gateway-protocol-impl-");
    return client.equals(protocol)
        ? client
        : client + " (with its gateway protocol and BPMN model at " + protocol + ")";
  }

  /** The version in a jar's name on a classpath, for example 4.0.7 of spring-boot-4.0.7.jar. */
  private static String versionIn(String classpath, String artifact) {
    Matcher version =
        Pattern.compile("/" + Pattern.quote(artifact) + "(\\d[^/:]*)\\.jar").matcher(classpath);
    return version.find() ? version.group(1) : "?";
  }

  private static String kept(ProcessOutcome outcome) {
    return outcome.variables().values().stream()
        .filter(v -> v instanceof Map<?, ?> m && m.get("videoDocument") instanceof Map<?, ?>)
        .map(
            v ->
                ", video kept as a document ("
                    + ((Map<?, ?>)
                            ((Map<?, ?>) ((Map<?, ?>) v).get("videoDocument")).get("metadata"))
                        .get("size")
                    + " bytes)")
        .findFirst()
        .orElse("");
  }

  private static long countDocuments(LocalDocumentsApi documents) throws IOException {
    try (var folders = Files.list(documents.store().root())) {
      return folders.count();
    }
  }

  /** A deliverable in a JVM of its own, its output in target/smoke/NAME.log. */
  private static Process start(String name, Map<String, String> environment, List<String> arguments)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + HEAP));
    command.addAll(arguments);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(WORK.resolve(name + ".log").toFile());
    builder.environment().putAll(environment);
    System.out.println(
        "smoke: started "
            + name
            + " (java "
            + String.join(
                " ",
                arguments.stream()
                    .map(a -> a.length() > 120 ? "<" + a.length() + " chars>" : a)
                    .toList())
            + ")");
    return builder.start();
  }
}
