package dev.seedflow.seedance.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The request-economy section of the results: per class of task duration and overall, adaptive
 * against fixed, and the goals.
 */
final class EconomyReport {
  /** The lag a video may have: 10 % of its duration, or 10 s, whichever is larger. */
  static double allowedLag(EconomyBench.Video video) {
    return Math.max(10, video.durationSeconds() * 0.1);
  }

  /**
   * Medians this close count as a tie. Both modes read a task younger than two poll intervals at
   * the same moments (the first read at the interval, the next one interval later), so in the fast
   * class they can only tie; what separates them there is the harness's timing, which moves the
   * class's median by a few tenths of a second between two runs of the same mode at 4x (the report
   * prints how much, per class).
   */
  static final double TIE_SECONDS = 0.5;

  private EconomyReport() {}

  /** The section, from every run of both modes; empty when either mode has no run. */
  static String markdown(List<EconomyBench.Result> runs) {
    List<EconomyBench.Video> adaptive = EconomyBench.Result.pooled(EconomyBench.ADAPTIVE, runs);
    List<EconomyBench.Video> fixed = EconomyBench.Result.pooled(EconomyBench.FIXED, runs);
    if (adaptive.isEmpty() || fixed.isEmpty()) return callbacks(runs);
    StringBuilder md =
        new StringBuilder(
            "## 2. Request economy and lag: adaptive reads against a fixed 10 s interval\n\n");
    md.append(
        "| tasks | videos | status requests per video: adaptive / fixed (ratio) | lag median:"
            + " adaptive / fixed | lag p95: adaptive / fixed | worst lag, share of the task's"
            + " duration: adaptive / fixed |\n"
            + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
    List<String> rows = new ArrayList<>(TaskTimings.CLASSES);
    rows.add(null);
    boolean medianNoWorse = true;
    for (String taskClass : rows) {
      List<EconomyBench.Video> ours = EconomyBench.ofClass(adaptive, taskClass),
          theirs = EconomyBench.ofClass(fixed, taskClass);
      Stats oursLag = lag(ours);
      Stats theirsLag = lag(theirs);
      double oursRequests = requests(ours), theirsRequests = requests(theirs);
      if (taskClass != null) medianNoWorse &= oursLag.median() <= theirsLag.median() + TIE_SECONDS;
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.1f / %.1f (%.2fx) | %.1f s / %.1f s | %.1f s / %.1f s | %.0f %% / %.0f"
                  + " %% |%n",
              taskClass == null ? "**all**" : taskClass,
              ours.size(),
              oursRequests,
              theirsRequests,
              oursRequests / theirsRequests,
              oursLag.median(),
              theirsLag.median(),
              oursLag.p95(),
              theirsLag.p95(),
              100 * worstShare(ours),
              100 * worstShare(theirs)));
    }
    double ratio = requests(adaptive) / requests(fixed);
    Stats withinAllowance =
        Stats.of(adaptive.stream().map(v -> v.lagSeconds() / allowedLag(v)).toList());
    md.append(
        String.format(
            Locale.ROOT,
            "%n**Adaptive / fixed: %.2fx the status requests overall** (goal: at most 0.5x). Median"
                + " lag no worse than fixed polling's in every class (a tie within %.1f s counts as"
                + " no worse): **%s**. The 95th percentile of each video's lag against what it may"
                + " have (10 %% of its duration, or 10 s, whichever is larger): **%.2f** (goal: at"
                + " most 1).%n%n",
            ratio,
            TIE_SECONDS,
            medianNoWorse ? "yes" : "no",
            withinAllowance.p95()));
    md.append(
        String.format(
            Locale.ROOT,
            "Lag: from the provider finishing the video to the BPMN step completing, in provider"
                + " time. Tasks finish on their own seeded clock (classes: fast 10-20 s, typical"
                + " 30-120 s, slow 5-10 min, queued about 30 minutes then 1-2 minutes running),"
                + " written into each prompt; both modes get the same tasks, and in the default run"
                + " each mode runs twice (fixed, adaptive, adaptive, fixed) and its videos are"
                + " pooled. Gateway dialect (it reports progress; one request per read),"
                + " `wait.pollInterval` 10 s, the worker's settings scaled with the simulator: %s"
                + " faster than real. Short tasks run less compressed, since at 20x an engine round"
                + " trip of 50 ms is a second of provider time.%n%n",
            scales(runs)));
    md.append(hosts(runs));
    md.append(callbacks(runs));
    md.append(
        String.format(
            Locale.ROOT,
            "A tie: both modes read a task younger than two poll intervals at the same moments (the"
                + " floor), so in the fast class they can only tie. How far two runs of the same"
                + " mode were apart in a class's median lag, the harness's own noise: %s.%n%n",
            TaskTimings.CLASSES.stream()
                .map(
                    c -> {
                      double spread = sameModeSpread(runs, c);
                      return Double.isNaN(spread)
                          ? c + " not measured (one run of each mode)"
                          : String.format(Locale.ROOT, "%s %.1f s", c, spread);
                    })
                .collect(Collectors.joining(", "))));
    return md.toString();
  }

  /**
   * The hosts' rows: adaptive reads on the same tasks, against the gateway's adaptive reads. fal
   * and Replicate list nothing, so each task is read on its own, and a finished fal request costs
   * one more read, of its result.
   */
  private static String hosts(List<EconomyBench.Result> runs) {
    List<EconomyBench.Video> gateway = EconomyBench.Result.pooled(EconomyBench.ADAPTIVE, runs);
    StringBuilder md = new StringBuilder();
    for (String host : EconomyBench.HOSTS) {
      List<EconomyBench.Video> videos =
          EconomyBench.Result.pooled(EconomyBench.hostMode(host), runs);
      if (videos.isEmpty()) continue;
      if (md.isEmpty()) {
        md.append(
            "Each host, adaptive, on the same tasks (one run each), against the gateway's adaptive"
                + " runs: fal and Replicate read one task per request, and a finished fal request"
                + " costs one more read, of its result. Neither reports progress, so their reads"
                + " follow the lag bound (a tenth of the task's age) and the model's usual run, as"
                + " Ark's do, where the gateway's follow its progress.\n\n"
                + "| host | videos | status requests per video: host / gateway (ratio) | lag"
                + " median: host / gateway | lag p95: host / gateway | p95 of lag against what it"
                + " may have (goal: at most 1) |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
      }
      Stats lag = lag(videos);
      Stats gatewayLag = lag(gateway);
      Stats withinAllowance =
          Stats.of(videos.stream().map(v -> v.lagSeconds() / allowedLag(v)).toList());
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.1f / %.1f (%.2fx) | %.1f s / %.1f s | %.1f s / %.1f s | %.2f |%n",
              host,
              videos.size(),
              requests(videos),
              requests(gateway),
              requests(videos) / requests(gateway),
              lag.median(),
              gatewayLag.median(),
              lag.p95(),
              gatewayLag.p95(),
              withinAllowance.p95()));
    }
    return md.isEmpty() ? "" : md.append("\n").toString();
  }

  /**
   * The callback rows: Ark calling back on each change of status, the worker reading at once when a
   * final one comes (only that read decides), against the gateway's adaptive reads on the same
   * tasks; then each host's signed webhooks, taken as the answer, against the same host's adaptive
   * reads. No callback is lost here; the reliability suite loses, forges and repeats them.
   */
  static String callbacks(List<EconomyBench.Result> runs) {
    List<EconomyBench.Video> called = EconomyBench.Result.pooled(EconomyBench.CALLBACKS, runs);
    StringBuilder md = new StringBuilder();
    if (!called.isEmpty()) {
      md.append(
          "Callbacks, per class, on the same tasks (one run): Ark calls the worker back on each"
              + " change of status (`seedflow.worker.callbacks.*`); a final callback brings the"
              + " task's read forward, and only that read, with the key, decides. Reads while a"
              + " callback is expected are the fallback for a lost one. Ark reads up to 500 tasks"
              + " in one request; such a request counts a share to each task it names. Beside them,"
              + " the gateway's adaptive polling (one read per request) from the table above.\n\n");
      md.append(
          classTable("callbacks", called, EconomyBench.Result.pooled(EconomyBench.ADAPTIVE, runs)));
      md.append(goals("Callbacks", called));
    }
    StringBuilder hosts = new StringBuilder();
    List<String> worse = new ArrayList<>();
    for (String host : EconomyBench.HOSTS) {
      List<EconomyBench.Video> hooked =
          EconomyBench.Result.pooled(EconomyBench.webhookMode(host), runs);
      if (hooked.isEmpty()) continue;
      List<EconomyBench.Video> polled =
          EconomyBench.Result.pooled(EconomyBench.hostMode(host), runs);
      hosts
          .append("**")
          .append(host)
          .append("**\n\n")
          .append(classTable("webhooks", hooked, polled))
          .append(goals("Webhooks, " + host, hooked));
      for (String taskClass : TaskTimings.CLASSES) {
        List<EconomyBench.Video> ours = EconomyBench.ofClass(hooked, taskClass),
            theirs = EconomyBench.ofClass(polled, taskClass);
        if (!ours.isEmpty() && !theirs.isEmpty() && lag(ours).p95() > lag(theirs).p95()) {
          worse.add(
              String.format(
                  Locale.ROOT,
                  "%s %s %.2f s against %.1f s",
                  host,
                  taskClass,
                  lag(ours).p95(),
                  lag(theirs).p95()));
        }
      }
    }
    if (!hosts.isEmpty()) {
      md.append(
              "Webhooks, per host and class, on the same tasks (one run each): fal and Replicate"
                  + " call the worker back once, at the end, signed; a verified delivery is taken"
                  + " as the task's answer, with no read. Beside them, the same host's adaptive"
                  + " polling from the hosts' table above (fal's counts its result read).\n\n")
          .append(hosts);
      md.append(
          String.format(
              Locale.ROOT,
              "Webhooks' p95 lag no worse than the same host's polling in every class: **%s**.%n%n",
              worse.isEmpty() ? "yes" : "no (" + String.join("; ", worse) + ")"));
    }
    return md.toString();
  }

  /**
   * Per class and overall: status requests per video and lag (median, p95), with callbacks against
   * polling.
   */
  private static String classTable(
      String what, List<EconomyBench.Video> called, List<EconomyBench.Video> polled) {
    StringBuilder md =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "| tasks | videos | status requests per video: %1$s / adaptive polling | lag"
                    + " median: %1$s / adaptive polling | lag p95: %1$s / adaptive polling |%n| ---"
                    + " | ---: | ---: | ---: | ---: |%n",
                what));
    List<String> rows = new ArrayList<>(TaskTimings.CLASSES);
    rows.add(null);
    for (String taskClass : rows) {
      List<EconomyBench.Video> ours = EconomyBench.ofClass(called, taskClass),
          theirs = EconomyBench.ofClass(polled, taskClass);
      if (ours.isEmpty()) continue;
      Stats lag = lag(ours);
      Stats theirLag = theirs.isEmpty() ? null : lag(theirs);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.2f / %s | %.2f s / %s | %.2f s / %s |%n",
              taskClass == null ? "**all**" : taskClass,
              ours.size(),
              requests(ours),
              theirLag == null ? "-" : String.format(Locale.ROOT, "%.1f", requests(theirs)),
              lag.median(),
              theirLag == null ? "-" : String.format(Locale.ROOT, "%.1f s", theirLag.median()),
              lag.p95(),
              theirLag == null ? "-" : String.format(Locale.ROOT, "%.1f s", theirLag.p95())));
    }
    return md.toString();
  }

  /** The goals' line: at most 1.2 status requests per video, a median lag under 1 s. */
  private static String goals(String what, List<EconomyBench.Video> called) {
    Stats lag = lag(called);
    double worstClassRequests =
        TaskTimings.CLASSES.stream()
            .map(c -> EconomyBench.ofClass(called, c))
            .filter(v -> !v.isEmpty())
            .mapToDouble(EconomyReport::requests)
            .max()
            .orElse(Double.NaN);
    double worstClassMedian =
        TaskTimings.CLASSES.stream()
            .map(c -> EconomyBench.ofClass(called, c))
            .filter(v -> !v.isEmpty())
            .mapToDouble(v -> lag(v).median())
            .max()
            .orElse(Double.NaN);
    return String.format(
        Locale.ROOT,
        "%n**%s: %.2f status requests per video overall, at most %.2f in a class** (goal: at most"
            + " 1.2); **median lag %.2f s overall, at most %.2f s in a class** (goal: under 1 s)."
            + " Lag here runs from the provider finishing the video, so it holds the callback's own"
            + " delivery too.%n%n",
        what,
        requests(called),
        worstClassRequests,
        lag.median(),
        worstClassMedian);
  }

  /**
   * Which classes ran at which time scale, for example "fast and typical 4x, slow and queued long
   * 20x".
   */
  private static String scales(List<EconomyBench.Result> runs) {
    Map<Double, Set<String>> classesByScale = new TreeMap<>();
    for (EconomyBench.Result run : runs) {
      run.videos()
          .forEach(
              v ->
                  classesByScale
                      .computeIfAbsent(run.scale(), scale -> new LinkedHashSet<>())
                      .add(v.taskClass()));
    }
    return classesByScale.entrySet().stream()
        .map(
            e ->
                String.join(" and ", e.getValue())
                    + String.format(Locale.ROOT, " %.0fx", e.getKey()))
        .collect(Collectors.joining(", "));
  }

  /**
   * The largest difference between two runs of one mode in the class's median lag, the harness's
   * own noise; NaN without two runs.
   */
  private static double sameModeSpread(List<EconomyBench.Result> runs, String taskClass) {
    double spread = Double.NaN;
    for (String mode : List.of(EconomyBench.ADAPTIVE, EconomyBench.FIXED)) {
      List<Double> medians =
          runs.stream()
              .filter(r -> r.mode().equals(mode))
              .map(r -> EconomyBench.ofClass(r.videos(), taskClass))
              .filter(v -> !v.isEmpty())
              .map(v -> lag(v).median())
              .toList();
      if (medians.size() > 1)
        spread =
            Math.max(
                Double.isNaN(spread) ? 0 : spread,
                Collections.max(medians) - Collections.min(medians));
    }
    return spread;
  }

  private static Stats lag(List<EconomyBench.Video> videos) {
    return Stats.of(videos.stream().map(EconomyBench.Video::lagSeconds).toList());
  }

  private static double requests(List<EconomyBench.Video> videos) {
    return videos.stream().mapToDouble(EconomyBench.Video::requests).average().orElse(Double.NaN);
  }

  private static double worstShare(List<EconomyBench.Video> videos) {
    return videos.stream()
        .mapToDouble(v -> v.lagSeconds() / v.durationSeconds())
        .max()
        .orElse(Double.NaN);
  }
}
