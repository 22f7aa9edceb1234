package dev.seedflow.seedance.client;

import java.time.Duration;

/**
 * How much of a result URL is read, and for how long: a video over the size is refused before (or
 * as soon as) it passes it, and a download slower than the time limit is given up.
 *
 * @param maxBytes the largest video or frame kept; Seedance videos are a few MB to some tens of MB
 * @param timeLimit the longest one keep may take, every attempt included
 * @param attempts tries on a transient failure (a dropped connection, a 5xx); reading a finished
 *     result is free
 * @param whyThisSize what set {@code maxBytes} when it is not the setting itself (the heap, say),
 *     for the message that refuses a larger file; null when it is the setting
 */
public record DownloadLimits(long maxBytes, Duration timeLimit, int attempts, String whyThisSize) {
  /** The size and time are settings (the worker's and the connector's); the attempts are not. */
  public DownloadLimits(long maxBytes, Duration timeLimit) {
    this(maxBytes, timeLimit, 3, null);
  }

  /** A size as messages show it. */
  public static String megabytes(long bytes) {
    return bytes >= 1024 * 1024 ? (bytes / (1024 * 1024)) + " MB" : bytes + " bytes";
  }

  /** A smaller size than the setting's, and why. */
  public DownloadLimits withMaxBytes(long value, String why) {
    return new DownloadLimits(value, timeLimit, attempts, why);
  }
}
