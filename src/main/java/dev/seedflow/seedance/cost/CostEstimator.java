package dev.seedflow.seedance.cost;

import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.ModelFacts;
import dev.seedflow.seedance.request.Text;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Estimates a request's tokens before it is sent, by Ark's billing rule: tokens = (input video
 * seconds + output seconds) x width x height x 24 / 1024. Where a factor is not known, its largest
 * allowed value is counted and the estimate says it is an upper bound, so a budget check never lets
 * through what it should stop: a duration the model chooses counts the longest that model makes (30
 * s on Seedance 2.5), not a dialect-wide guess.
 */
public final class CostEstimator {
  /** What Seedance makes when a request names no duration (Ark's documented default). */
  static final int DEFAULT_SECONDS = 5;

  private static final int FRAMES_PER_SECOND = 24;

  private CostEstimator() {}

  /**
   * The tokens of a validated request, by the facts of its model on its host. A model id the table
   * does not list is counted as the host's most expensive listed shape: its largest resolution, its
   * longest video and input.
   */
  public static TokenEstimate estimate(ValidRequest valid) {
    VideoRequest video = valid.video();
    ModelFacts facts = valid.facts();
    List<String> unknowns = new ArrayList<>();
    List<ModelFacts> shapes =
        facts.listed()
            ? List.of(facts)
            : valid.rules().documentedModels().stream()
                .map(id -> ModelFacts.of(valid.rules(), id))
                .toList();
    String widest =
        facts.listed()
            ? ""
            : " (the "
                + valid.rules().type()
                + " host's most expensive listed model: "
                + Text.shown(String.valueOf(video.model()))
                + " is not in the model table)";
    String resolution = resolution(video, facts, shapes, unknowns, widest);
    Map<String, OutputSizes.Size> sizes = OutputSizes.of(video.model(), resolution);
    String ratio =
        video.aspectRatio() != null
            ? video.aspectRatio()
            : video.mode() == Mode.TEXT_TO_VIDEO ? "16:9" : "adaptive";
    OutputSizes.Size size = sizes.get(ratio);
    if (size == null) {
      size = OutputSizes.largest(sizes.values());
      ratio = ratio + " (counted as its largest, " + size + ")";
      unknowns.add("the ratio");
    } else if (!OutputSizes.measured(resolution, ratio)) {
      unknowns.add(
          resolution + " " + ratio + "'s size (counted as twice 1080p's width and height)");
    }
    int longest = shapes.stream().mapToInt(ModelFacts::maxDuration).max().orElseThrow();
    double outputSeconds;
    if (video.frames() != null) {
      outputSeconds = video.frames() / (double) FRAMES_PER_SECOND;
    } else if (video.duration() == null && video.mode() == Mode.DRAFT) {
      outputSeconds =
          longest; // a finalised draft keeps the draft's duration, at most the longest the model
      // makes
      unknowns.add("the draft's duration" + widest);
    } else if (video.duration() == null) {
      outputSeconds = DEFAULT_SECONDS;
    } else if (video.duration() == -1) {
      outputSeconds = longest; // the model decides: at most the longest it may make
      unknowns.add("the duration" + widest);
    } else {
      outputSeconds = video.duration();
    }
    double inputSeconds = 0;
    int inputVideos = video.referenceVideos().size() + (video.sourceVideo() != null ? 1 : 0);
    if (inputVideos > 0) {
      inputSeconds =
          shapes.stream()
              .flatMap(f -> f.model().stream())
              .mapToInt(m -> m.inputVideoSeconds(inputVideos))
              .max()
              .orElse(valid.rules().maxDuration());
      unknowns.add("the input videos' length" + widest);
    }
    long tokens =
        Math.round((inputSeconds + outputSeconds) * size.pixels() * FRAMES_PER_SECOND / 1024.0);
    String basis =
        resolution
            + " "
            + ratio
            + (ratio.contains("(") ? "" : " (" + size + ")")
            + " x "
            + seconds(outputSeconds)
            + " s"
            + (inputSeconds > 0 ? " + " + seconds(inputSeconds) + " s of input video" : "")
            + (unknowns.isEmpty()
                ? ""
                : "; an upper bound: " + String.join(", ", unknowns) + " not known")
            + (valid.rules().billedPerSecond()
                ? "; the "
                    + valid.rules().type()
                    + " API bills per second of video, "
                    + seconds(outputSeconds)
                    + " s"
                : "");
    return new TokenEstimate(
        tokens, !unknowns.isEmpty(), basis, outputSeconds, resolution, inputVideos > 0);
  }

  /**
   * The resolution that is made and billed: the one the model id fixes (the gateways); the
   * request's where the host takes one (on Ark an id ending {@code -480p} makes 1080p if asked for
   * it; validation settled a draft's 480p and a final's 1080p); the model's documented default.
   * Where none of these is known, the largest the model (or, for an unlisted id, the host) makes is
   * counted.
   */
  private static String resolution(
      VideoRequest video,
      ModelFacts facts,
      List<ModelFacts> shapes,
      List<String> unknowns,
      String widest) {
    if (facts.lockedResolution() != null) return facts.lockedResolution();
    if (video.resolution() != null) return video.resolution();
    if (facts.defaultResolution() != null) return facts.defaultResolution();
    String largest =
        ModelFacts.largest(shapes.stream().flatMap(f -> f.largestResolution().stream()).toList())
            .orElse("1080p");
    unknowns.add(
        "the default resolution of "
            + facts.named()
            + " (counted as the largest, "
            + largest
            + ")"
            + widest);
    return largest;
  }

  private static String seconds(double value) {
    return value == Math.rint(value)
        ? String.valueOf((long) value)
        : String.format(java.util.Locale.ROOT, "%.2f", value);
  }
}
