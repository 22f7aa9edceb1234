package dev.seedflow.seedance.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Callbacks as Ark documents them: when a create set {@code callback_url}, the task's body, as a read returns it, is
 * POSTed there on each change of status; a final one not acknowledged (2xx) within 5 s is sent again, up to 3 times.
 * Unsigned, as Ark's are. Faults make them lost, late, repeated, or forged: a body claiming success sent to a task's
 * real URL (as whoever learnt the URL could) and one to a URL no worker gave out.
 */
public final class SimulatedCallbacks implements AutoCloseable {
  /** Ark: a final callback is retried up to 3 times when not acknowledged within 5 s. */
  static final int FINAL_RETRIES = 3;
  static final Duration ACKNOWLEDGE_WITHIN = Duration.ofSeconds(5);

  private record Watched(SimulatedTask task, String url, SimulatedTask.State[] lastSent, boolean lose, boolean forge) {}

  private final Supplier<Instant> now;
  private final double timeScale;
  private final Map<String, Watched> watched = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("sim-callbacks").unstarted(r));
  private final HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).connectTimeout(Duration.ofSeconds(2)).build();
  private final AtomicInteger toLose = new AtomicInteger();
  private final AtomicInteger toForge = new AtomicInteger();
  private volatile int repeats;
  private volatile Duration lateBy = Duration.ZERO;
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger finalsLost = new AtomicInteger();
  private final AtomicInteger forgedSent = new AtomicInteger();
  private final AtomicInteger forgedRefused = new AtomicInteger();
  private final AtomicInteger finalsAcknowledged = new AtomicInteger();

  SimulatedCallbacks(Supplier<Instant> now, double timeScale) {
    this.now = now;
    this.timeScale = timeScale;
    ticks.scheduleWithFixedDelay(this::tick, 20, 20, TimeUnit.MILLISECONDS);
  }

  /** A task created with a callback URL: its changes of status are sent there from now on. */
  void watch(SimulatedTask task, String url) {
    boolean lose = toLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    boolean forge = toForge.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    watched.put(task.id, new Watched(task, url, new SimulatedTask.State[1], lose, forge));
  }

  /** The final callbacks of the next {@code tasks} tasks created are never delivered, retries included. */
  public SimulatedCallbacks loseFinalOfNext(int tasks) {
    toLose.addAndGet(tasks);
    return this;
  }

  /** For the next {@code tasks} tasks, a forged "succeeded" (an attacker's video URL) goes to the task's URL once it runs, and one to a made-up URL. */
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

  /** Forged callbacks the receiver refused outright (403: a URL it never gave out). */
  public int forgedRefused() {
    return forgedRefused.get();
  }

  private void tick() {
    Instant at = now.get();
    for (Watched w : watched.values()) {
      SimulatedTask.Reading reading = w.task.readAt(at);
      if (reading.state() == w.lastSent[0]) continue;
      w.lastSent[0] = reading.state();
      boolean isFinal = reading.state().isFinal();
      if (isFinal) watched.remove(w.task.id);
      if (w.forge && reading.state() == SimulatedTask.State.RUNNING) forge(w, at);
      if (isFinal && w.lose) {
        finalsLost.incrementAndGet();
        continue;
      }
      String body = TaskViews.ark(w.task, reading, at, null).toString();
      for (int copy = 0; copy <= repeats; copy++) {
        ticks.schedule(() -> deliver(w.url, body, isFinal), lateBy.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private void forge(Watched w, Instant at) {
    ObjectNode claim = TaskViews.ark(w.task, new SimulatedTask.Reading(SimulatedTask.State.SUCCEEDED, 100), at, null);
    ((ObjectNode) claim.get("content")).put("video_url", "https://attacker.example/steal.mp4");
    String made = w.url.substring(0, w.url.lastIndexOf('/') + 1) + "123.AAAAAAAAAAAAAAAAAAAAAA";
    for (String url : new String[] {w.url, made}) {
      forgedSent.incrementAndGet();
      Thread.startVirtualThread(() -> {
        int status = post(url, claim.toString());
        if (status == 403) forgedRefused.incrementAndGet();
      });
    }
  }

  /**
   * One callback, and for a final one up to 3 more attempts while none is acknowledged: each attempt has its
   * acknowledgement window, and the next comes when that window is over (a quick refusal is not retried at once).
   */
  private void deliver(String url, String body, boolean isFinal) {
    Thread.startVirtualThread(() -> {
      Duration within = acknowledgementWindow();
      for (int attempt = 0; attempt <= (isFinal ? FINAL_RETRIES : 0); attempt++) {
        long began = System.nanoTime();
        sent.incrementAndGet();
        int status = post(url, body);
        if (status >= 200 && status < 300) {
          if (isFinal) finalsAcknowledged.incrementAndGet();
          return;
        }
        long rest = within.toNanos() - (System.nanoTime() - began);
        if (rest > 0) LockSupport.parkNanos(rest);
      }
    });
  }

  /** Ark's 5 s to acknowledge, scaled with the simulator's clock, but never under 2 s: loopback HTTP under load needs that. */
  private Duration acknowledgementWindow() {
    return Duration.ofMillis(Math.max(2000, (long) (ACKNOWLEDGE_WITHIN.toMillis() / timeScale)));
  }

  /** The status, or 0 when none came within the acknowledgement window. */
  private int post(String url, String body) {
    Duration within = acknowledgementWindow();
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(within).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
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
