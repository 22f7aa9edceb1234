package dev.seedflow.seedance.store;

import io.camunda.connector.api.document.Document;

/** The documents a finished video was kept as; either is null when it was not asked for or the task gave none. */
public record KeptMedia(Document video, Document lastFrame) {
  public static final KeptMedia NONE = new KeptMedia(null, null);
}
