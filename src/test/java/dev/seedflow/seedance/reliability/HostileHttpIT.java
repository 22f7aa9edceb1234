package dev.seedflow.seedance.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.bench.EngineRecords;
import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.simulator.RecordedRequest;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import dev.seedflow.seedance.worker.callbacks.CallbackTokens;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The worker's HTTP port and the "video finished" event under the clients anyone on the network can
 * be, against the packaged worker jar in a JVM of its own under {@code -Xmx256m}, configured by the
 * environment variables docs/settings.md names ({@code SEEDFLOW_WORKER_CALLBACKS_URL}, ...). While
 * a real video runs on the same key: 100 slow clients hold connections to the port, sending half
 * their headers a byte a second (and come back when cut); 5,000 replays of a valid callback URL,
 * for a job another replica holds, arrive with 60 KB bodies while that replica never answers; 1,000
 * callbacks without a token are posted to the event. The liveness probe is asked every 200 ms
 * throughout, with the 2 s a Kubernetes probe would give it.
 */
class HostileHttpIT {
  private static final int SLOW_CLIENTS = 100;
  private static final int REPLAYS = 5000;
  private static final int FORGED = 1000;
  private static final String SECRET = "hostile-http-callback-signing-key-0123456789";
  private static final Duration PROBE_PATIENCE = Duration.ofSeconds(2);
  private static final String WEBHOOK = "create-callback-await";
  private static final Duration FLOOD_LIMIT = Duration.ofMinutes(2);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_PATIENCE).build();

  @Test
  void theWorkersPortAndTheEventHoldUnderSlowClientsReplaysAndForgeries() throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "hostile-http"));
    Path log = logs.resolve("worker.log");
    WorkerReplica replica = null;
    try (SeedanceSimulator simulator =
            SeedanceSimulator.start(
                SimulatorSettings.realistic()
                    .withApiKey(Canary.KEY)
                    .withTimes(
                        Duration.ofSeconds(1), Duration.ofSeconds(12), Duration.ofSeconds(12)));
        LocalRuntime runtime =
            LocalRuntime.start(
                Map.of("SEEDANCE_API_KEY", Canary.KEY, "SEEDANCE_BASE_URL", simulator.baseUrl()),
                Map.of(LocalRuntime.WEBHOOKS, "true", "seedflow.worker.enabled", "false"));
        ServerSocket slowPeer = new ServerSocket(0, 1000)) {
      int port = freePort();
      replica =
          WorkerReplica.start(
              runtime,
              log,
              "management-port=" + port,
              "callbacks.url=http://127.0.0.1:" + port + "/callbacks",
              "callbacks.secret=" + SECRET,
              "callbacks.peers=http://127.0.0.1:" + slowPeer.getLocalPort(),
              "job-timeout=PT1M",
              "typical-run=PT12S");
      String worker = "http://127.0.0.1:" + port;
      byte[] ended =
          "{\"id\":\"cgt-forged-0\",\"status\":\"succeeded\"}".getBytes(StandardCharsets.UTF_8);
      assertThat(post(worker + "/callbacks/42.forged", ended))
          .as("set by their environment names, callbacks are on and check their URLs")
          .isEqualTo(403);

      Path example = Path.of("bpmn-examples", WEBHOOK + ".bpmn");
      runtime.deploy(example, Bpmn.readModelFromFile(example.toFile()));
      String processId =
          Fleet.deploy(runtime, Fleet.generating("hostile_http", "ark", simulator.baseUrl()));

      double unflooded = lagOfOneVideo(runtime, simulator, processId, 0);
      long heapBefore = heapUsed(worker);

      AtomicBoolean flooding = new AtomicBoolean(true);
      List<Long> probes =
          new ArrayList<>(); // milliseconds each took; -1 when it got no answer within the patience
      AtomicLong heapMost = new AtomicLong(heapBefore);
      Map<Integer, Integer> replayAnswers = new ConcurrentHashMap<>();
      Map<Integer, Integer> forgedAnswers = new ConcurrentHashMap<>();
      double flooded;
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < SLOW_CLIENTS; i++) threads.submit(() -> holdSlowly(port, flooding));
        Future<?> probing = threads.submit(() -> probe(worker, flooding, probes, heapMost));
        Thread.sleep(1000); // the slow clients hold their connections before anything else arrives
        Future<Double> video =
            threads.submit(() -> lagOfOneVideo(runtime, simulator, processId, 1));
        String replayed = worker + "/callbacks/" + new CallbackTokens(SECRET).issue(987_654_321L);
        byte[] replayBody =
            ("{\"id\":\"cgt-replayed\",\"status\":\"succeeded\",\"pad\":\""
                    + "x".repeat(60_000)
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] forgedBody =
            "{\"id\":\"cgt-forged-%d\",\"status\":\"succeeded\",\"content\":{\"video_url\":\"https://attacker.example/x.mp4\"}}"
                .formatted(1)
                .getBytes(StandardCharsets.UTF_8);
        List<Future<?>> senders = new ArrayList<>();
        AtomicInteger nextReplay = new AtomicInteger();
        AtomicInteger nextForged = new AtomicInteger();
        // A port that does not hold would leave the senders waiting 10 s a request: the flood ends
        // at a deadline, and
        // what it did not send shows in the answers' counts.
        long floodEnds = System.nanoTime() + FLOOD_LIMIT.toNanos();
        for (int s = 0; s < 16; s++) {
          senders.add(
              threads.submit(
                  () -> {
                    while (System.nanoTime() < floodEnds && nextReplay.getAndIncrement() < REPLAYS)
                      replayAnswers.merge(post(replayed, replayBody), 1, Integer::sum);
                    return null;
                  }));
          senders.add(
              threads.submit(
                  () -> {
                    for (int n;
                        System.nanoTime() < floodEnds
                            && (n = nextForged.getAndIncrement()) < FORGED; ) {
                      forgedAnswers.merge(
                          post(
                              runtime.publicUrl() + "/inbound/" + WEBHOOK,
                              new String(forgedBody, StandardCharsets.UTF_8)
                                  .replace("cgt-forged-1", "cgt-forged-" + n)
                                  .getBytes(StandardCharsets.UTF_8)),
                          1,
                          Integer::sum);
                    }
                    return null;
                  }));
        }
        for (Future<?> sender : senders) sender.get();
        flooded = video.get();
        flooding.set(false);
        probing.get();
      }

      long forgedReads =
          simulator.requests().stream()
              .filter(r -> r.kind() == RequestKind.READ && names(r, "cgt-forged"))
              .count();
      long replayReads =
          simulator.requests().stream()
              .filter(r -> r.kind() == RequestKind.READ && names(r, "cgt-replayed"))
              .count();
      long answered = probes.stream().filter(ms -> ms >= 0).count();
      long slowest =
          probes.stream().mapToLong(ms -> ms < 0 ? PROBE_PATIENCE.toMillis() : ms).max().orElse(0);
      int outOfMemory = Files.readString(log).split("OutOfMemoryError", -1).length - 1;
      double heapGrewMb = (heapMost.get() - heapBefore) / 1024.0 / 1024.0;
      Figures.report(
          String.format(
              Locale.ROOT,
              "hostile http: %d slow clients, %d replays, %d forged callbacks; probes answered %d"
                  + " of %d, slowest %d ms; heap grew %.0f MB; OutOfMemoryError %d; reads caused by"
                  + " forgeries %d; the real video seen %.1f s after its end (%.1f s unflooded)",
              SLOW_CLIENTS,
              REPLAYS,
              FORGED,
              answered,
              probes.size(),
              slowest,
              heapGrewMb,
              outOfMemory,
              forgedReads + replayReads,
              flooded,
              unflooded));

      // Big bodies to the event: refused before the runtime reads them whole, by their length or as
      // they arrive.
      URI event = URI.create(runtime.publicUrl() + "/inbound/" + WEBHOOK);
      String declared = answerToDeclared(event, 100L * 1024 * 1024);
      long[] chunked = sentBeforeTheAnswer(event, 100L * 1024 * 1024);
      Figures.report(
          String.format(
              Locale.ROOT,
              "event bodies: a declared 100 MB body answered %s with none of it sent; a chunked one"
                  + " answered %d after %.1f MB of 100 sent",
              declared.isEmpty() ? "nothing" : declared,
              chunked[0],
              chunked[1] / 1024.0 / 1024.0));
      assertThat(declared)
          .as("a declared 100 MB body is refused unread")
          .startsWith("HTTP/1.1 413");
      assertThat(chunked[0]).as("a chunked 100 MB body is refused as it arrives").isEqualTo(413);
      assertThat(chunked[1]).as("long before it all arrived").isLessThan(20L * 1024 * 1024);

      assertThat(probes).as("probes asked").hasSizeGreaterThan(20);
      assertThat(answered)
          .as("every probe answered within " + PROBE_PATIENCE + ": " + probes)
          .isEqualTo(probes.size());
      assertThat(outOfMemory).isZero();
      assertThat(forgedAnswers)
          .as("every callback without a token refused at once")
          .containsOnlyKeys(403)
          .containsEntry(403, FORGED);
      assertThat(replayAnswers)
          .as("every replay answered")
          .containsOnlyKeys(200)
          .containsEntry(200, REPLAYS);
      assertThat(forgedReads + replayReads).as("forgeries and replays cost no read").isZero();
      assertThat(heapGrewMb).as("memory does not grow with the flood").isLessThan(100);
      assertThat(flooded).as("the real video is seen promptly through the flood").isLessThan(10);
    } finally {
      if (replica != null) replica.kill();
    }
  }

  /**
   * The status line the event answers a post that declares {@code length} bytes, sending none of
   * them.
   */
  private static String answerToDeclared(URI event, long length) throws IOException {
    try (Socket socket = new Socket(event.getHost(), event.getPort())) {
      socket.setSoTimeout(5000);
      socket
          .getOutputStream()
          .write(
              ("POST "
                      + event.getPath()
                      + " HTTP/1.1\r\nHost: "
                      + event.getHost()
                      + "\r\nContent-Type: application/json\r\n"
                      + "Content-Length: "
                      + length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
    } catch (java.net.SocketTimeoutException noAnswer) {
      return "";
    }
  }

  /**
   * A chunked post of up to {@code length} bytes: the status the event answered, and how many bytes
   * were sent by then.
   */
  private static long[] sentBeforeTheAnswer(URI event, long length) throws Exception {
    try (Socket socket = new Socket(event.getHost(), event.getPort())) {
      AtomicLong sent = new AtomicLong();
      AtomicLong sentAtAnswer = new AtomicLong(-1);
      AtomicInteger status = new AtomicInteger(-1);
      Thread reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      String line =
                          new String(
                              socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                      sentAtAnswer.set(sent.get());
                      status.set(Integer.parseInt(line.substring(9, 12)));
                    } catch (IOException | RuntimeException e) {
                      sentAtAnswer.compareAndSet(-1, sent.get());
                    }
                  });
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + event.getPath()
                  + " HTTP/1.1\r\nHost: "
                  + event.getHost()
                  + "\r\nContent-Type: application/json\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = ("2000\r\n" + "x".repeat(0x2000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      try {
        while (sent.get() < length && sentAtAnswer.get() < 0) {
          out.write(chunk);
          sent.addAndGet(0x2000);
        }
      } catch (IOException cut) {
        // the server closed the connection once it had answered
      }
      reader.join(5000);
      return new long[] {status.get(), sentAtAnswer.get() < 0 ? sent.get() : sentAtAnswer.get()};
    }
  }

  /**
   * Starts one video and waits for it; how many seconds after its end at the provider its step
   * completed.
   */
  private static double lagOfOneVideo(
      LocalRuntime runtime, SeedanceSimulator simulator, String processId, int n)
      throws InterruptedException {
    long key =
        Fleet.start(
                runtime,
                processId,
                n,
                1,
                i -> Map.of("suffix", " through the flood", "waitTimeout", "PT3M"))
            .keySet()
            .iterator()
            .next();
    ProcessOutcome outcome = runtime.records().await(key, Duration.ofMinutes(3));
    assertThat(outcome.state()).as(outcome.toString()).isEqualTo(ProcessOutcome.State.COMPLETED);
    String taskId =
        String.valueOf(((Map<?, ?>) outcome.variables().get("generatedVideo")).get("taskId"));
    Instant completed = EngineRecords.completions(runtime.engine(), Set.of(key)).get(key);
    return Duration.between(simulator.finishedAt(taskId).orElseThrow(), completed).toMillis()
        / 1000.0;
  }

  /**
   * A client that sends half its headers, a byte a second, and connects again whenever it is cut.
   */
  private static void holdSlowly(int port, AtomicBoolean flooding) {
    while (flooding.get()) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        OutputStream out = socket.getOutputStream();
        out.write(
            "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                .getBytes(StandardCharsets.US_ASCII));
        while (flooding.get()) {
          Thread.sleep(1000);
          out.write('a');
          out.flush();
        }
      } catch (IOException cut) {
        sleepQuietly(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Asks /health/live every 200 ms, and the heap every second, until the flood ends. */
  private void probe(
      String worker, AtomicBoolean flooding, List<Long> probes, AtomicLong heapMost) {
    long lastHeap = 0;
    while (flooding.get()) {
      long began = System.nanoTime();
      try {
        HttpResponse<String> live =
            http.send(
                HttpRequest.newBuilder(URI.create(worker + "/health/live"))
                    .timeout(PROBE_PATIENCE)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        long ms = (System.nanoTime() - began) / 1_000_000;
        synchronized (probes) {
          probes.add(live.statusCode() == 200 && ms <= PROBE_PATIENCE.toMillis() ? ms : -1);
        }
      } catch (IOException | InterruptedException e) {
        synchronized (probes) {
          probes.add(-1L);
        }
      }
      if (System.nanoTime() - lastHeap > 1_000_000_000L) {
        lastHeap = System.nanoTime();
        try {
          heapMost.accumulateAndGet(heapUsed(worker), Math::max);
        } catch (IOException | InterruptedException unanswered) {
          // a scrape the flood kept from its answer shows in the probes' figures
        }
      }
      sleepQuietly(200);
    }
  }

  /** The worker's heap in use, from its own {@code /metrics}. */
  private long heapUsed(String worker) throws IOException, InterruptedException {
    String metrics =
        http.send(
                HttpRequest.newBuilder(URI.create(worker + "/metrics"))
                    .timeout(PROBE_PATIENCE)
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return (long)
        metrics
            .lines()
            .filter(
                line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
            .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .sum();
  }

  private int post(String url, byte[] body) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static boolean names(RecordedRequest request, String taskIdPart) {
    return (request.path() != null && request.path().contains(taskIdPart))
        || (request.query() != null && request.query().contains(taskIdPart));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
