package dev.seedflow.seedance.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Callbacks as each API documents them. Ark: when a create set {@code callback_url}, the task's
 * body, as a read returns it, is POSTed there on each change of status, unsigned. fal ({@code
 * fal_webhook}) and Replicate ({@code webhook}, with the filter {@code completed}): once, at the
 * end, in the host's own body, signed as the host signs ({@link HostSigner}). A final one not
 * acknowledged (2xx) within 5 s is sent again, up to 3 times, each attempt signed anew (Replicate's
 * keeps its {@code webhook-id}). Faults make them lost, late, repeated, or forged: a body claiming
 * success sent to a task's real URL (as whoever learnt the URL could, signed with a key of its own)
 * and one to a URL no worker gave out.
 */
public final class SimulatedCallbacks implements AutoCloseable {
  /** Ark: a final callback is retried up to 3 times when not acknowledged within 5 s. */
  static final int FINAL_RETRIES = 3;

  static final Duration ACKNOWLEDGE_WITHIN = Duration.ofSeconds(5);

  /**
   * @param forged whether its forgery was sent (once, halfway through its run, when the job surely
   *     waits on it)
   */
  private record Watched(
      SimulatedTask task,
      String url,
      SimulatedTask.State[] lastSent,
      boolean lose,
      boolean forge,
      boolean[] forged) {}

  /** One attempt's body and headers: a host signs each attempt when it is sent. */
  private record Delivery(String body, Map<String, String> headers) {}

  private final Supplier<Instant> now;
  private final double timeScale;
  private final Map<String, Watched> watched = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticks =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("sim-callbacks").unstarted(r));
  private final HttpClient http =
      HttpClient.newBuilder()
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final AtomicInteger toLose = new AtomicInteger();
  private final AtomicInteger toForge = new AtomicInteger();
  private volatile int repeats;
  private volatile Duration lateBy = Duration.ZERO;
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger finalsLost = new AtomicInteger();
  private final AtomicInteger forgedSent = new AtomicInteger();
  private final AtomicInteger forgedRefused = new AtomicInteger();
  private final AtomicInteger finalsAcknowledged = new AtomicInteger();

  private final HostSigner signer;

  SimulatedCallbacks(Supplier<Instant> now, double timeScale, HostSigner signer) {
    this.now = now;
    this.signer = signer;
    this.timeScale = timeScale;
    ticks.scheduleWithFixedDelay(this::tick, 20, 20, TimeUnit.MILLISECONDS);
  }

  /** A task created with a callback URL: its changes of status are sent there from now on. */
  void watch(SimulatedTask task, String url) {
    boolean lose = toLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    boolean forge = toForge.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    watched.put(
        task.id, new Watched(task, url, new SimulatedTask.State[1], lose, forge, new boolean[1]));
  }

  /**
   * The final callbacks of the next {@code tasks} tasks created are never delivered, retries
   * included.
   */
  public SimulatedCallbacks loseFinalOfNext(int tasks) {
    toLose.addAndGet(tasks);
    return this;
  }

  /**
   * For the next {@code tasks} tasks, a forged "succeeded" (an attacker's video URL) goes to the
   * task's URL halfway through its run, and one to a made-up URL.
   */
  public SimulatedCallbacks forgeForNext(int tasks) {
    toForge.addAndGet(tasks);
    return this;
  }

  /** Every callback is sent this many more times. */
  public SimulatedCallbacks repeatEach(int times) {
    repeats = times;
    return this;
  }

  /** Every callback leaves this much later (real time). */
  public SimulatedCallbacks late(Duration by) {
    lateBy = by;
    return this;
  }

  public int sent() {
    return sent.get();
  }

  /** Final callbacks that were never delivered, by a fault. */
  public int finalsLost() {
    return finalsLost.get();
  }

  /** Final callbacks some delivery of which was acknowledged. */
  public int finalsAcknowledged() {
    return finalsAcknowledged.get();
  }

  public int forgedSent() {
    return forgedSent.get();
  }

  /**
   * Forged callbacks the receiver refused outright (403: a URL it never gave out; 401: a signature
   * that does not hold).
   */
  public int forgedRefused() {
    return forgedRefused.get();
  }

  private void tick() {
    Instant at = now.get();
    for (Watched w : watched.values()) {
      SimulatedTask.Reading reading = w.task.readAt(at);
      if (w.forge
          && !w.forged[0]
          && reading.state() == SimulatedTask.State.RUNNING
          && reading.progress() >= 50) {
        w.forged[0] = true;
        forge(w, at);
      }
      if (reading.state() == w.lastSent[0]) continue;
      w.lastSent[0] = reading.state();
      boolean isFinal = reading.state().isFinal();
      if (isFinal) watched.remove(w.task.id);
      if (w.task.dialect != WireFormat.ARK && !isFinal)
        continue; // the hosts call back once, at the end
      if (isFinal && w.lose) {
        finalsLost.incrementAndGet();
        continue;
      }
      String body = body(w.task, reading, at).toString();
      Supplier<Delivery> signed = () -> new Delivery(body, headers(w.task, body, false));
      for (int copy = 0; copy <= repeats; copy++) {
        // A repeat is the same delivery again, signature and all, as a replay of it would be.
        Delivery same = signed.get();
        Supplier<Delivery> attempt = copy == 0 ? signed : () -> same;
        ticks.schedule(
            () -> deliver(w.url, attempt, isFinal), lateBy.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * The callback's body as the task's API sends it: Ark's task, fal's {@code {request_id, status,
   * payload}}, Replicate's prediction.
   */
  private static ObjectNode body(SimulatedTask task, SimulatedTask.Reading reading, Instant at) {
    return switch (task.dialect) {
      case FAL -> TaskViews.falWebhook(task, reading, at);
      case REPLICATE -> TaskViews.replicate(task, reading, at, null);
      default -> TaskViews.ark(task, reading, at, null);
    };
  }

  /**
   * The headers a host signs a delivery with; none for Ark. {@code forged}: signed with keys the
   * host never gave out.
   */
  private Map<String, String> headers(SimulatedTask task, String body, boolean forged) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return switch (task.dialect) {
      case FAL -> signer.fal(task.id, bytes, forged);
      case REPLICATE -> signer.standard("msg_" + task.id, bytes, forged);
      default -> Map.of();
    };
  }

  private void forge(Watched w, Instant at) {
    ObjectNode claim =
        body(w.task, new SimulatedTask.Reading(SimulatedTask.State.SUCCEEDED, 100), at);
    String stolen = "https://attacker.example/steal.mp4";
    switch (w.task.dialect) {
      case FAL -> ((ObjectNode) claim.get("payload").get("video")).put("url", stolen);
      case REPLICATE -> claim.put("output", stolen);
      default -> ((ObjectNode) claim.get("content")).put("video_url", stolen);
    }
    String made = w.url.substring(0, w.url.lastIndexOf('/') + 1) + "123.AAAAAAAAAAAAAAAAAAAAAA";
    Delivery forged = new Delivery(claim.toString(), headers(w.task, claim.toString(), true));
    for (String url : new String[] {w.url, made}) {
      forgedSent.incrementAndGet();
      Thread.startVirtualThread(
          () -> {
            int status = post(url, forged);
            if (status == 403 || status == 401) forgedRefused.incrementAndGet();
          });
    }
  }

  /**
   * One callback, and for a final one up to 3 more attempts while none is acknowledged: each
   * attempt has its acknowledgement window, and the next comes when that window is over (a quick
   * refusal is not retried at once).
   */
  private void deliver(String url, Supplier<Delivery> delivery, boolean isFinal) {
    Thread.startVirtualThread(
        () -> {
          Duration within = acknowledgementWindow();
          for (int attempt = 0; attempt <= (isFinal ? FINAL_RETRIES : 0); attempt++) {
            long began = System.nanoTime();
            sent.incrementAndGet();
            int status = post(url, delivery.get());
            if (status >= 200 && status < 300) {
              if (isFinal) finalsAcknowledged.incrementAndGet();
              return;
            }
            long rest = within.toNanos() - (System.nanoTime() - began);
            if (rest > 0) LockSupport.parkNanos(rest);
          }
        });
  }

  /**
   * Ark's 5 s to acknowledge, scaled with the simulator's clock, but never under 2 s: loopback HTTP
   * under load needs that.
   */
  private Duration acknowledgementWindow() {
    return Duration.ofMillis(Math.max(2000, (long) (ACKNOWLEDGE_WITHIN.toMillis() / timeScale)));
  }

  /** The status, or 0 when none came within the acknowledgement window. */
  private int post(String url, Delivery delivery) {
    Duration within = acknowledgementWindow();
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(within)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
      delivery.headers().forEach(request::header);
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      return 0;
    }
  }

  @Override
  public void close() {
    ticks.shutdownNow();
  }
}
