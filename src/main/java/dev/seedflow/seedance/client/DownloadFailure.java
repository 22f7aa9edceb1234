package dev.seedflow.seedance.client;

import java.io.IOException;

/**
 * A result URL that could not be read. It is an {@link IOException} so that it passes unchanged through a document
 * store that reads the stream; {@link #worthRetrying()} tells a dropped connection from a verdict (expired, too large,
 * refused), which no retry changes.
 */
public final class DownloadFailure extends IOException {
  private final boolean worthRetrying;

  DownloadFailure(String message, boolean worthRetrying) {
    super(message);
    this.worthRetrying = worthRetrying;
  }

  public boolean worthRetrying() {
    return worthRetrying;
  }
}
