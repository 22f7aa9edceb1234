package dev.seedflow.seedance.cost;

import dev.seedflow.seedance.request.DialectRules;
import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.ModelFacts;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Estimates a request's tokens before it is sent, by Ark's billing rule: tokens = (input video seconds + output
 * seconds) x width x height x 24 / 1024. Where a factor is not known, its largest allowed value is counted and the
 * estimate says it is an upper bound, so a budget check never lets through what it should stop.
 */
public final class CostEstimator {
  /** Seedance 2.0's default resolution on Ark and the gateways, when the request names none. */
  static final String DEFAULT_RESOLUTION = "720p";
  /** What Seedance 2.0 makes when a request names no duration (Ark's documented default). */
  static final int DEFAULT_SECONDS = 5;
  private static final int FRAMES_PER_SECOND = 24;

  private CostEstimator() {}

  public static TokenEstimate estimate(ValidRequest valid, DialectRules rules) {
    VideoRequest video = valid.video();
    List<String> unknowns = new ArrayList<>();
    String resolution = ModelFacts.lockedResolution(video.model()).orElse(video.resolution() != null ? video.resolution() : DEFAULT_RESOLUTION);
    Map<String, OutputSizes.Size> sizes = OutputSizes.of(video.model(), resolution);
    if (sizes.isEmpty()) {
      sizes = OutputSizes.of(video.model(), "1080p");
      unknowns.add("resolution " + resolution + " counted as 1080p");
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
        + (unknowns.isEmpty() ? "" : "; an upper bound: " + String.join(", ", unknowns) + " not known");
    return new TokenEstimate(tokens, !unknowns.isEmpty(), basis);
  }

  private static String seconds(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.2f", value);
  }
}
