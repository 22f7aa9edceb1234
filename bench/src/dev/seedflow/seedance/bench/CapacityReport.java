package dev.seedflow.seedance.bench;

import dev.seedflow.seedance.bench.gateway.GatewayRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Section 1 of bench/results.md, capacity: a row that falls short says so plainly, and its times
 * say where they were cut off.
 */
final class CapacityReport {
  private CapacityReport() {}

  /**
   * Its first half: the standalone worker jar against the stand-in gateway, each row verified from
   * the gateway's record.
   */
  static String standIn(List<GatewayCapacityBench.Result> results, double scale) {
    StringBuilder md =
        new StringBuilder("## 1. Capacity: videos in flight on the standalone worker\n\n");
    md.append(
        WORKER_COLUMNS
            + "take all in | drain | completed once, with a video | failed | tasks paid at the"
            + " provider | status requests per video | gateway calls per video | verified |\n");
    md.append(
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---:"
            + " | --- |\n");
    for (GatewayCapacityBench.Result r : results) {
      GatewayRecord g = r.record();
      md.append(workerCells(r.videos(), r.inFlight(), r.idle(), r.full(), r.peakThreads()));
      md.append(
          String.format(
              Locale.ROOT,
              " %s | %s | %,d | %d | %,d | %.3f | %.2f | %s |%n",
              time(r.takeInSeconds(), r.inFlight() < r.videos()),
              time(
                  r.drainSeconds(), g.completedOnce() + g.failed() + g.errorsThrown() < r.videos()),
              g.completedWithVideo(),
              g.failed() + g.errorsThrown(),
              r.tasksCreated(),
              (double) r.statusRequests() / r.videos(),
              (double) g.totalCalls() / r.videos(),
              verified(r.shortfalls())));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nThe standalone worker jar (`target/seedflow-*-worker.jar`), started with `java"
                + " -Xmx%s -jar` and its settings in the environment, as users start it, and"
                + " measured through JMX (heap after a full GC; threads include the JMX agent's)."
                + " Its Camunda client talks gRPC to a stand-in for the Zeebe gateway"
                + " (`bench/src/.../bench/gateway`, never in the product): it hands out N copies of"
                + " a generate job captured from the embedded engine with the element template"
                + " applied, as fast as the worker asks, keeps job states and timeouts as Zeebe"
                + " does, and records every call. The simulator serves Ark (status reads of up to"
                + " 500 tasks per request) with no queue limit; its clock stands still until all N"
                + " task ids are stored, so all N are in flight at once; then tasks end 10-60 s"
                + " later (time compressed %.0fx). \"Take all in\" runs from the first job handed"
                + " out to the last task id stored; \"drain\" from the clock moving again to the"
                + " last job completed. The video is not kept as a document here (there is no"
                + " document store), so a job's end is its complete command.%n%n",
            GatewayCapacityBench.WORKER_HEAP,
            scale));
    md.append(
        "\"Verified\" checks, from the gateway's record and the simulator's: every job completed"
            + " exactly once, each with a video URL in its result; none failed or ended in a BPMN"
            + " error; no stored task id was ever replaced; exactly N tasks created, no prompt"
            + " twice (each job's prompt is its own).\n\n");
    if (!results.isEmpty()) {
      GatewayCapacityBench.Result largest = results.getLast();
      md.append(
          String.format(
              Locale.ROOT,
              "Gateway calls at %,d videos, by method: %s.%n%n",
              largest.videos(),
              largest.record().calls()));
      md.append(
          String.format(
              Locale.ROOT,
              "What the worker's heap holds with %,d videos in flight (`GC.class_histogram`, top"
                  + " %d):%n%n```%n",
              largest.videos(),
              largest.histogram().size()));
      largest.histogram().forEach(line -> md.append(line).append('\n'));
      md.append("```\n\n");
      md.append(
          String.format(
              Locale.ROOT,
              "Where the worker's CPU went over the whole %,d-video run, by thread group (seconds):"
                  + " ",
              largest.videos()));
      md.append(
              String.join(
                  ", ",
                  largest.cpuSeconds().entrySet().stream()
                      .limit(8)
                      .map(
                          group ->
                              String.format(
                                  Locale.ROOT, "%s %.1f", group.getKey(), group.getValue()))
                      .toList()))
          .append(".\n\n");
    }
    return md.toString();
  }

  /**
   * Its second half: the same jar against the real (embedded) engine, each row saying plainly where
   * it fell short.
   */
  static String embedded(List<CapacityBench.Result> results) {
    StringBuilder md = new StringBuilder("### The same worker jar against the embedded engine\n\n");
    md.append(
        WORKER_COLUMNS
            + "create and take all in | drain | completed | tasks paid at the provider | status"
            + " requests per video | engine records | verified |\n");
    md.append(
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---"
            + " |\n");
    for (CapacityBench.Result r : results) {
      md.append(workerCells(r.videos(), r.inFlight(), r.idle(), r.full(), r.peakThreads()));
      md.append(
          String.format(
              Locale.ROOT,
              " %s | %s | %,d | %,d | %.2f | %,d | %s |%n",
              time(r.takeInSeconds(), r.inFlight() < r.videos()),
              time(r.drainSeconds(), r.completed() < r.videos()),
              r.completed(),
              r.tasksCreated(),
              (double) r.statusRequests() / r.videos(),
              r.engineRecords(),
              verified(r.shortfalls())));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nThe same jar, started the same way, against the real engine: zeebe-process-test's,"
                + " in the benchmark's JVM. The worker starts first; then the N instances are"
                + " created while the provider's clock stands still, so all of them are in flight"
                + " at once (\"create and take all in\" runs from the first instance created to the"
                + " last task id stored). \"Drain\" runs from when the clock moves again until the"
                + " engine has completed every instance, cut off after %d minutes. A row that falls"
                + " short says so in its last column; its per-video heap is then over those in"
                + " flight.%n%n",
            CapacityBench.MAX_DRAIN.toMinutes()));
    md.append(
        "What sets the pace here is the embedded engine, not the worker: its in-memory store"
            + " answers each prefix scan by walking on to the end of the whole store, so every"
            + " command costs time in proportion to the instances in flight, and creating or"
            + " draining N of them takes time in proportion to N squared (compare the rows). This"
            + " is why the table above uses a stand-in gateway.\n\n");
    return md.toString();
  }

  /** What every capacity row must show: all N in flight at once, and all N completed. */
  static List<String> shortfalls(int videos, int inFlight, int completed) {
    List<String> missing = new ArrayList<>();
    if (inFlight < videos)
      missing.add(
          String.format(Locale.ROOT, "only %,d of %,d in flight at once", inFlight, videos));
    if (completed < videos)
      missing.add(String.format(Locale.ROOT, "only %,d of %,d completed", completed, videos));
    return missing;
  }

  /**
   * The columns both tables open with: what the worker JVM held, measured the same way in both
   * runs.
   */
  private static final String WORKER_COLUMNS =
      "| videos | in flight at once | heap after GC: idle -> all in flight | per video | "
          + "threads: idle -> all in flight -> peak | Seedflow's threads | ";

  /**
   * A row's {@link #WORKER_COLUMNS}; the per-video heap is what the worker holds per video in
   * flight beyond its idle heap.
   */
  private static String workerCells(
      int videos, int inFlight, WorkerJvm.Sample idle, WorkerJvm.Sample full, int peakThreads) {
    String perVideo =
        inFlight == 0
            ? "n/a"
            : String.format(
                Locale.ROOT, "%.2f KB", (full.heapBytes() - idle.heapBytes()) / 1024.0 / inFlight);
    return String.format(
        Locale.ROOT,
        "| %,d | %,d | %d MB -> %d MB | %s | %d -> %d -> %d | %d |",
        videos,
        inFlight,
        idle.heapMb(),
        full.heapMb(),
        perVideo,
        idle.threads(),
        full.threads(),
        peakThreads,
        full.seedflowThreads());
  }

  private static String verified(List<String> shortfalls) {
    return shortfalls.isEmpty() ? "yes" : "**no: " + String.join("; ", shortfalls) + "**";
  }

  private static String time(double seconds, boolean cutOff) {
    return String.format(Locale.ROOT, cutOff ? "cut off at %.0f s" : "%.0f s", seconds);
  }
}
