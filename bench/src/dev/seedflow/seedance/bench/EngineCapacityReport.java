package dev.seedflow.seedance.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The second half of section 1: the worker against the real (embedded) engine, each row saying plainly where it fell short. */
final class EngineCapacityReport {
  private EngineCapacityReport() {}

  static String markdown(List<CapacityBench.Result> results) {
    StringBuilder md = new StringBuilder("### The same worker against the embedded engine\n\n");
    md.append("| videos | in flight at once | worker heap: idle -> all in flight | per video | worker JVM threads: idle -> all in flight -> peak | "
        + "Seedflow's threads | engine: create the backlog | worker: take all in | time to drain | completed | status requests per video | "
        + "engine records | short of |\n");
    md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (CapacityBench.Result r : results) {
      boolean takenIn = r.inFlight() == r.videos();
      boolean drained = r.completed() == r.videos();
      md.append(String.format(Locale.ROOT, "| %,d | %,d | %d MB -> %d MB | %s | %d -> %d -> %d | %d | %.0f s | %s | %s | %,d | %.2f | %,d | %s |%n",
          r.videos(), r.inFlight(), r.idleHeapMb(), r.heapMb(), r.inFlight() == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f KB", r.kbPerVideo()),
          r.idleThreads(), r.threadsInFlight(), r.peakThreads(), r.seedflowThreads(), r.createSeconds(),
          String.format(Locale.ROOT, takenIn ? "%.0f s" : "cut off at %.0f s", r.activateSeconds()),
          String.format(Locale.ROOT, drained ? "%.0f s" : "cut off at %.0f s", r.drainSeconds()), r.completed(),
          (double) r.statusRequests() / r.videos(), r.engineRecords(), shortOf(r)));
    }
    md.append(String.format(Locale.ROOT, "%nThe real engine, zeebe-process-test's, in the benchmark's JVM; the worker in its own JVM with -Xmx%s "
        + "(built from the classes, not the jar), heap measured after a full GC. The instances are created first, as a backlog; the worker "
        + "then takes them in while the provider's clock stands still, so all of them are in flight at once. \"Time to drain\" runs from "
        + "when the clock moves again (tasks then end 10-60 s later, time compressed %.0fx) until the worker has completed every job, cut "
        + "off after %d minutes. A row that falls short says so in its last column; its per-video heap is then over those in flight.%n%n",
        CapacityBench.WORKER_HEAP, CapacityBench.SCALE, CapacityBench.MAX_DRAIN.toMinutes()));
    md.append("What sets the pace here is the embedded engine, not the worker: its in-memory store answers each prefix scan by walking on "
        + "to the end of the whole store, so every command costs time in proportion to the instances in flight, and creating or draining "
        + "N of them takes time in proportion to N squared (compare the rows). This is why the table above uses a stand-in gateway.\n\n");
    return md.toString();
  }

  private static String shortOf(CapacityBench.Result r) {
    List<String> missing = new ArrayList<>();
    if (r.inFlight() < r.videos()) missing.add(String.format(Locale.ROOT, "only %,d of %,d in flight at once", r.inFlight(), r.videos()));
    if (r.completed() < r.videos()) missing.add(String.format(Locale.ROOT, "only %,d of %,d completed", r.completed(), r.videos()));
    return missing.isEmpty() ? "nothing" : "**" + String.join("; ", missing) + "**";
  }
}
