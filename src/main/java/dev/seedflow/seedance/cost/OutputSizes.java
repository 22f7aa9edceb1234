package dev.seedflow.seedance.cost;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * The output pixel size of a Seedance video per resolution and aspect ratio, as the Seedance
 * documentation lists them ("official Seedance resolution mapping", reproduced in CometAPI's
 * Seedance create-video reference, apidoc.cometapi.com/api/video/seedance/create, read 2026-11-28):
 * one table for Seedance 1.5 pro and 2.0 (fast included), one for the 1.0 series. Ark bills these
 * pixels, so they are what a token estimate multiplies.
 *
 * <p>4K is documented by its 16:9 size alone: 3840x2160 (8,294,400 pixels, the pixel count
 * BytePlus's own ModelArk nodes for ComfyUI give 4k; APIYI measured a 4K 16:9 Seedance video at
 * 3840x2160, 24 fps). Its other ratios are counted as twice 1080p's width and height, which is
 * 16:9's pixel count within 0.7% (each documented resolution keeps its pixel count across ratios
 * within that), and the estimate says it is an upper bound.
 */
final class OutputSizes {
  record Size(int width, int height) {
    long pixels() {
      return (long) width * height;
    }

    @Override
    public String toString() {
      return width + "x" + height;
    }
  }

  /** Seedance 2.0's 1080p sizes, which 4K's are counted from. */
  private static final Map<String, Size> SEEDANCE_2_1080P =
      Map.of(
          "16:9",
          new Size(1920, 1080),
          "4:3",
          new Size(1664, 1248),
          "1:1",
          new Size(1440, 1440),
          "3:4",
          new Size(1248, 1664),
          "9:16",
          new Size(1080, 1920),
          "21:9",
          new Size(2206, 946));

  private static final Map<String, Map<String, Size>> SEEDANCE_2 =
      Map.of(
          "480p",
          Map.of(
              "16:9",
              new Size(864, 496),
              "4:3",
              new Size(752, 560),
              "1:1",
              new Size(640, 640),
              "3:4",
              new Size(560, 752),
              "9:16",
              new Size(496, 864),
              "21:9",
              new Size(992, 432)),
          "720p",
          Map.of(
              "16:9",
              new Size(1280, 720),
              "4:3",
              new Size(1112, 834),
              "1:1",
              new Size(960, 960),
              "3:4",
              new Size(834, 1112),
              "9:16",
              new Size(720, 1280),
              "21:9",
              new Size(1470, 630)),
          "1080p",
          SEEDANCE_2_1080P,
          "4k",
          doubled(SEEDANCE_2_1080P));

  private static final Map<String, Map<String, Size>> SEEDANCE_1 =
      Map.of(
          "480p",
              Map.of(
                  "16:9",
                  new Size(864, 480),
                  "4:3",
                  new Size(736, 544),
                  "1:1",
                  new Size(640, 640),
                  "3:4",
                  new Size(544, 736),
                  "9:16",
                  new Size(480, 864),
                  "21:9",
                  new Size(960, 416)),
          "720p",
              Map.of(
                  "16:9",
                  new Size(1248, 704),
                  "4:3",
                  new Size(1120, 832),
                  "1:1",
                  new Size(960, 960),
                  "3:4",
                  new Size(832, 1120),
                  "9:16",
                  new Size(704, 1248),
                  "21:9",
                  new Size(1504, 640)),
          "1080p",
              Map.of(
                  "16:9",
                  new Size(1920, 1088),
                  "4:3",
                  new Size(1664, 1248),
                  "1:1",
                  new Size(1440, 1440),
                  "3:4",
                  new Size(1248, 1664),
                  "9:16",
                  new Size(1088, 1920),
                  "21:9",
                  new Size(2176, 928)));

  private OutputSizes() {}

  /**
   * The sizes of one resolution for this model, by aspect ratio (the 1.0 series' 4K as 2.0's).
   * Every resolution a dialect takes has them ({@code CostEstimatorTest} holds it), so every
   * estimate is bounded.
   */
  static Map<String, Size> of(String model, String resolution) {
    boolean firstSeries = model != null && model.toLowerCase(Locale.ROOT).contains("seedance-1-0");
    Map<String, Size> sizes = firstSeries ? SEEDANCE_1.get(resolution) : null;
    return sizes != null
        ? sizes
        : java.util.Objects.requireNonNull(
            SEEDANCE_2.get(resolution), () -> "no output sizes for " + resolution);
  }

  /** Each size with twice its width and height: 4K's. */
  static Map<String, Size> doubled(Map<String, Size> sizes) {
    Map<String, Size> doubled = new java.util.HashMap<>();
    sizes.forEach(
        (ratio, size) -> doubled.put(ratio, new Size(size.width() * 2, size.height() * 2)));
    return Map.copyOf(doubled);
  }

  /** Whether a size is documented as it is counted: every one but 4K's, whose 16:9 alone is. */
  static boolean measured(String resolution, String ratio) {
    return !resolution.equals("4k") || ratio.equals("16:9");
  }

  /** The largest size of a resolution: what an "adaptive" ratio may come out as, at most. */
  static Size largest(Collection<Size> sizes) {
    return sizes.stream().max((a, b) -> Long.compare(a.pixels(), b.pixels())).orElseThrow();
  }
}
