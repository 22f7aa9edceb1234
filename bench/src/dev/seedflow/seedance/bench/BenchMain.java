package dev.seedflow.seedance.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./seedance bench [--quick]}: the four comparisons in one run, written to bench/results.md (the quick mode,
 * which only checks that the harness works, writes target/bench-quick.md instead).
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) {
    int code = 1;
    try {
      code = run(List.of(args).contains("--quick"));
    } catch (Exception e) {
      e.printStackTrace();
    } finally {
      System.exit(code); // the engine leaves a non-daemon timer thread behind
    }
  }

  /** One section of the run; a section that fails is reported as failed, and the others still count. */
  private interface Section<T> {
    T run() throws Exception;
  }

  private static <T> T attempt(String name, Section<T> section, List<String> failures) {
    say(name + " ...");
    try {
      return section.run();
    } catch (Exception e) {
      failures.add(name + ": " + e);
      say(name + " FAILED: " + e);
      return null;
    }
  }

  private static int run(boolean quick) throws Exception {
    System.setProperty("logback.configurationFile", "seedflow-runner-logback.xml");
    System.setProperty("logging.config", "classpath:seedflow-runner-logback.xml");
    Path templates = Path.of("element-templates");
    Instant begin = Instant.now();
    List<String> failures = new ArrayList<>();

    List<CapacityBench.Result> capacity = new ArrayList<>();
    for (int videos : CapacityBench.sizes(quick)) {
      CapacityBench.Result result = attempt("capacity: " + videos + " videos in flight", () -> CapacityBench.run(videos, templates), failures);
      if (result != null) capacity.add(result);
    }
    int economyVideos = quick ? 30 : 200;
    EconomyBench.Result adaptive = attempt("request economy and lag: adaptive, " + economyVideos + " videos",
        () -> EconomyBench.run(economyVideos, templates, false), failures);
    EconomyBench.Result fixed = attempt("request economy and lag: fixed 10 s, " + economyVideos + " videos",
        () -> EconomyBench.run(economyVideos, templates, true), failures);
    int loadVideos = quick ? 20 : 100;
    EngineLoadBench.Result worker = attempt("engine load: worker, " + loadVideos + " videos", () -> EngineLoadBench.worker(loadVideos, templates), failures);
    EngineLoadBench.Result timerLoop = attempt("engine load: timer loop, " + loadVideos + " videos",
        () -> EngineLoadBench.timerLoop(loadVideos, Path.of("bpmn-examples")), failures);
    int calls = quick ? 300 : 3000;
    SubmitOverheadBench.Result submit = attempt("submit overhead: " + calls + " calls each", () -> SubmitOverheadBench.run(calls), failures);

    String report = report(quick, capacity, adaptive, fixed, worker, timerLoop, submit, Duration.between(begin, Instant.now()), failures);
    Path out = quick ? Path.of("target", "bench-quick.md") : Path.of("bench", "results.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println(report);
    say("written to " + out);
    return failures.isEmpty() ? 0 : 1;
  }

  private static String report(boolean quick, List<CapacityBench.Result> capacity, EconomyBench.Result adaptive, EconomyBench.Result fixed,
      EngineLoadBench.Result worker, EngineLoadBench.Result timerLoop, SubmitOverheadBench.Result submit, Duration took, List<String> failures) {
    StringBuilder md = new StringBuilder();
    var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    md.append("# Seedflow benchmarks").append(quick ? " (quick mode: checks the harness, not the numbers)" : "").append("\n\n");
    md.append(String.format(Locale.ROOT, "Machine: %d cores, %.1f GiB memory, %s %s, max heap %d MB. Run took %d s.%n%n",
        Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() / (1024.0 * 1024 * 1024), System.getProperty("java.vm.name"),
        System.getProperty("java.version"), Runtime.getRuntime().maxMemory() / (1024 * 1024), took.toSeconds()));
    md.append("Command: `./seedance bench").append(quick ? " --quick" : "").append("` (this file is rewritten by each full run).\n\n");
    md.append("The simulator runs time-compressed: tasks finish 20-120 simulated seconds after submission, with realistic progress. ");
    md.append("Everything runs in one JVM: the embedded engine, the worker (and, for 2 and 3, the Camunda connectors runtime), the simulator.\n\n");

    md.append("## 1. Capacity: videos in flight through `generate` on one worker\n\n");
    md.append("| videos | peak waiting | worker's heap share | JVM heap (engine included) | engine alone | threads before -> peak | worker's threads | time to drain | completed | status requests | engine records |\n");
    md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (CapacityBench.Result r : capacity) {
      md.append(String.format(Locale.ROOT, "| %,d | %,d | %d MB | %d MB | %d MB | %d -> %d | %d | %.0f s | %,d | %,d | %,d (%.0f/s) |%n", r.videos(), r.peakWaiting(),
          r.workerMb(), r.totalMb(), r.engineOnlyMb(), r.threadsBefore(), r.threadsPeak(), r.workerThreads(), r.drainSeconds(), r.completed(),
          r.statusRequests(), r.engineRecords(), r.engineRecords() / Math.max(1, r.drainSeconds())));
    }
    md.append(String.format(Locale.ROOT, "%nHeap after GC. The worker's share is the heap with all videos waiting minus the heap with the same instances "
        + "created and no worker yet; it includes the engine records the waiting itself adds (activations, stored task ids). "
        + "Time compressed %.0fx; Ark, so status reads go up to 500 tasks per request. Each size gets three minutes: \"completed\" says how many "
        + "drained in that time, and the engine's record rate shows who set the pace.%n%n", CapacityBench.SCALE));

    if (!failures.isEmpty()) {
      md.append("**Sections that failed in this run:**\n\n");
      failures.forEach(failure -> md.append("- ").append(failure).append("\n"));
      md.append("\n");
    }
    if (adaptive != null && fixed != null) {
    md.append("## 2. Request economy and lag: adaptive reads against a fixed 10 s interval\n\n");
    md.append("| mode | videos | status requests per video | lag median | lag p95 |\n| --- | ---: | ---: | ---: | ---: |\n");
    for (EconomyBench.Result r : List.of(adaptive, fixed)) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.1f s | %.1f s |%n", r.mode(), r.videos(), r.requestsPerVideo(), r.lagSeconds().median(), r.lagSeconds().p95()));
    }
    md.append(String.format(Locale.ROOT, "%n**Ratio adaptive / fixed: %.2fx the requests, median lag %.1f s against %.1f s.** "
        + "Lag: from the provider finishing the video to the BPMN step completing, in provider time. Gateway dialect (one request per read), "
        + "same seed and count in both runs, worker settings scaled with the simulator (%.0fx).%n%n",
        adaptive.requestsPerVideo() / fixed.requestsPerVideo(), adaptive.lagSeconds().median(), fixed.lagSeconds().median(), EconomyBench.SCALE));
    }
    if (worker != null && timerLoop != null) {
    md.append("## 3. Engine load: records per video\n\n| pattern | videos | engine records per video |\n| --- | ---: | ---: |\n");
    for (EngineLoadBench.Result r : List.of(worker, timerLoop)) {
      md.append(String.format(Locale.ROOT, "| %s | %d | %.1f |%n", r.pattern(), r.videos(), r.recordsPerVideo()));
    }
    md.append(String.format(Locale.ROOT, "%n**Ratio worker / timer loop: %.2fx.** Counted from the engine's own record stream: every record "
        + "that belongs to the videos' process instances.%n%n", worker.recordsPerVideo() / timerLoop.recordsPerVideo()));
    }
    if (submit != null) {
    md.append("## 4. Submit overhead: our create call against a raw OkHttp call\n\n| call | median | p95 |\n| --- | ---: | ---: |\n");
    md.append(String.format(Locale.ROOT, "| Seedflow create (validation, body, fresh connection, parsed answer) | %.0f µs | %.0f µs |%n", submit.oursMicros().median(), submit.oursMicros().p95()));
    md.append(String.format(Locale.ROOT, "| raw OkHttp POST, same body, pooled connection | %.0f µs | %.0f µs |%n", submit.rawMicros().median(), submit.rawMicros().p95()));
    md.append(String.format(Locale.ROOT, "%n**Added at the median: %.2f ms** over %d calls each, interleaved, against the simulator on loopback.%n",
        (submit.oursMicros().median() - submit.rawMicros().median()) / 1000.0, submit.calls()));
    }
    return md.toString();
  }

  private static void say(String line) {
    System.err.println("bench: " + line);
  }
}
