package dev.seedflow.seedance.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The request-economy section of the results: per class of task duration and overall, adaptive against fixed, and the goals. */
final class EconomyReport {
  /** The lag a video may have: 10 % of its duration, or 10 s, whichever is larger. */
  static double allowedLag(EconomyBench.Video video) {
    return Math.max(10, video.durationSeconds() * 0.1);
  }

  private EconomyReport() {}

  static String markdown(EconomyBench.Result adaptive, EconomyBench.Result fixed, double scale) {
    StringBuilder md = new StringBuilder("## 2. Request economy and lag: adaptive reads against a fixed 10 s interval\n\n");
    md.append("| tasks | videos | status requests per video: adaptive / fixed (ratio) | lag median: adaptive / fixed | lag p95: adaptive / fixed "
        + "| worst lag, share of the task's duration: adaptive / fixed |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
    List<String> rows = new ArrayList<>(TaskTimings.CLASSES);
    rows.add(null);
    boolean medianNoWorse = true;
    for (String taskClass : rows) {
      List<EconomyBench.Video> ours = adaptive.of(taskClass), theirs = fixed.of(taskClass);
      Stats oursLag = Stats.of(ours.stream().map(EconomyBench.Video::lagSeconds).toList());
      Stats theirsLag = Stats.of(theirs.stream().map(EconomyBench.Video::lagSeconds).toList());
      double oursRequests = requests(ours), theirsRequests = requests(theirs);
      if (taskClass != null) medianNoWorse &= oursLag.median() <= theirsLag.median();
      md.append(String.format(Locale.ROOT, "| %s | %d | %.1f / %.1f (%.2fx) | %.1f s / %.1f s | %.1f s / %.1f s | %.0f %% / %.0f %% |%n",
          taskClass == null ? "**all**" : taskClass, ours.size(), oursRequests, theirsRequests, oursRequests / theirsRequests,
          oursLag.median(), theirsLag.median(), oursLag.p95(), theirsLag.p95(), 100 * worstShare(ours), 100 * worstShare(theirs)));
    }
    double ratio = requests(adaptive.of(null)) / requests(fixed.of(null));
    Stats withinAllowance = Stats.of(adaptive.of(null).stream().map(v -> v.lagSeconds() / allowedLag(v)).toList());
    md.append(String.format(Locale.ROOT, "%n**Adaptive / fixed: %.2fx the status requests overall** (goal: at most 0.5x). Median lag no worse than "
        + "fixed polling's in every class: **%s**. The 95th percentile of each video's lag against what it may have (10 %% of its duration, or "
        + "10 s, whichever is larger): **%.2f** (goal: at most 1).%n%n", ratio, medianNoWorse ? "yes" : "no", withinAllowance.p95()));
    md.append(String.format(Locale.ROOT, "Lag: from the provider finishing the video to the BPMN step completing, in provider time. Tasks "
        + "finish on their own seeded clock (classes: fast 10-20 s, typical 30-120 s, slow 5-10 min, queued about 30 minutes then 1-2 minutes "
        + "running), written into each prompt; both modes get the same tasks, and in the default run each mode runs twice (fixed, adaptive, adaptive, fixed) and its videos are pooled. Gateway dialect (it reports progress; one request per read), "
        + "`wait.pollInterval` 10 s, the worker's settings scaled with the simulator (%.0fx faster than real).%n%n", scale));
    return md.toString();
  }

  private static double requests(List<EconomyBench.Video> videos) {
    return videos.stream().mapToInt(EconomyBench.Video::requests).average().orElse(Double.NaN);
  }

  private static double worstShare(List<EconomyBench.Video> videos) {
    return videos.stream().mapToDouble(v -> v.lagSeconds() / v.durationSeconds()).max().orElse(Double.NaN);
  }
}
