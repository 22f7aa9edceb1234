package dev.seedflow.seedance.client;

import java.io.IOException;

/**
 * A result URL that could not be read. It is an {@link IOException} so that it passes unchanged
 * through a document store that reads the stream; {@link #worthRetrying()} tells a dropped
 * connection from a verdict (expired, too large, refused), which no retry changes.
 */
public final class DownloadFailure extends IOException {
  private final boolean worthRetrying;
  private final boolean tooLarge;

  DownloadFailure(String message, boolean worthRetrying) {
    this(message, worthRetrying, false);
  }

  private DownloadFailure(String message, boolean worthRetrying, boolean tooLarge) {
    super(message);
    this.worthRetrying = worthRetrying;
    this.tooLarge = tooLarge;
  }

  /**
   * The file is larger than a kept file may be: a verdict, and the one a designer may choose to go
   * on after.
   */
  static DownloadFailure tooLarge(String message) {
    return new DownloadFailure(message, false, true);
  }

  public boolean worthRetrying() {
    return worthRetrying;
  }

  public boolean tooLarge() {
    return tooLarge;
  }
}
