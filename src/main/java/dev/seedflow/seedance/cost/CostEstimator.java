package dev.seedflow.seedance.cost;

import dev.seedflow.seedance.request.DialectRules;
import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.ModelFacts;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Estimates a request's tokens before it is sent, by Ark's billing rule: tokens = (input video seconds + output
 * seconds) x width x height x 24 / 1024. Where a factor is not known, its largest allowed value is counted and the
 * estimate says it is an upper bound, so a budget check never lets through what it should stop.
 */
public final class CostEstimator {
  /** Seedance 2.0's default resolution on Ark and the gateways, when the request names none. */
  static final String DEFAULT_RESOLUTION = "720p";
  /** The largest resolution whose sizes are documented. */
  static final String LARGEST_RESOLUTION = "1080p";
  /** What Seedance 2.0 makes when a request names no duration (Ark's documented default). */
  static final int DEFAULT_SECONDS = 5;
  private static final int FRAMES_PER_SECOND = 24;

  private CostEstimator() {}

  /** The tokens of a validated request, by the rules of the dialect it was validated for. */
  public static TokenEstimate estimate(ValidRequest valid) {
    VideoRequest video = valid.video();
    DialectRules rules = valid.rules();
    List<String> unknowns = new ArrayList<>();
    String resolution = resolution(video, rules, unknowns);
    Map<String, OutputSizes.Size> sizes = OutputSizes.of(video.model(), resolution);
    boolean bounded = !sizes.isEmpty();
    if (!bounded) {
      // 4k, say: nobody documents its sizes, so twice 1080p's width and height is a guess, not a bound.
      sizes = OutputSizes.doubled(OutputSizes.of(video.model(), "1080p"));
      unknowns.add("resolution " + resolution + " counted as twice 1080p's width and height, a guess: no bound is known");
    }
    String ratio = video.aspectRatio() != null ? video.aspectRatio() : video.mode() == Mode.TEXT_TO_VIDEO ? "16:9" : "adaptive";
    OutputSizes.Size size = sizes.get(ratio);
    if (size == null) {
      size = OutputSizes.largest(sizes.values());
      ratio = ratio + " (counted as its largest, " + size + ")";
      unknowns.add("the ratio");
    }
    double outputSeconds;
    if (video.frames() != null) {
      outputSeconds = video.frames() / (double) FRAMES_PER_SECOND;
    } else if (video.duration() == null && video.mode() == Mode.DRAFT) {
      outputSeconds = rules.maxDuration(); // a finalised draft keeps the draft's duration, at most the longest a model makes
      unknowns.add("the draft's duration");
    } else if (video.duration() == null) {
      outputSeconds = DEFAULT_SECONDS;
    } else if (video.duration() == -1) {
      outputSeconds = rules.maxDuration(); // the model decides: at most the longest it may make
      unknowns.add("the duration");
    } else {
      outputSeconds = video.duration();
    }
    double inputSeconds = 0;
    if (!video.referenceVideos().isEmpty() || video.sourceVideo() != null) {
      inputSeconds = rules.maxDuration(); // input videos are at most as long as the longest output, together
      unknowns.add("the input videos' length");
    }
    long tokens = Math.round((inputSeconds + outputSeconds) * size.pixels() * FRAMES_PER_SECOND / 1024.0);
    String basis = resolution + " " + ratio + (ratio.contains("(") ? "" : " (" + size + ")") + " x " + seconds(outputSeconds) + " s"
        + (inputSeconds > 0 ? " + " + seconds(inputSeconds) + " s of input video" : "")
        + (unknowns.isEmpty() ? "" : (bounded ? "; an upper bound: " : "; not bounded: ") + String.join(", ", unknowns) + " not known")
        + (rules.billedPerSecond() ? "; the " + rules.type() + " API bills per second of video, " + seconds(outputSeconds) + " s" : "");
    return new TokenEstimate(tokens, !unknowns.isEmpty(), bounded, basis, outputSeconds);
  }

  /**
   * The resolution that is sent and billed. Where the dialect takes a resolution, it is the request's, whatever the
   * model id says (an Ark model id ending {@code -480p} makes 1080p if asked for it); where the model id fixes it
   * (the gateways), the model's. Without one, Seedance 2.0 makes 720p; another model's default is not known, so the
   * largest documented, 1080p, is counted.
   */
  private static String resolution(VideoRequest video, DialectRules rules, List<String> unknowns) {
    Optional<String> locked = video.model() == null ? Optional.empty() : ModelFacts.lockedResolution(video.model());
    if (rules.resolutionFromModelName() && locked.isPresent()) return locked.get();
    if (video.resolution() != null) return video.resolution();
    if (video.model() != null && ModelFacts.isSeedance2(video.model())) return DEFAULT_RESOLUTION;
    unknowns.add("the provider's default resolution for " + video.model());
    return LARGEST_RESOLUTION;
  }

  private static String seconds(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.2f", value);
  }
}
