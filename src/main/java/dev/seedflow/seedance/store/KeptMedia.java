package dev.seedflow.seedance.store;

import io.camunda.connector.api.document.Document;

/**
 * The documents a finished video was kept as; either is null when it was not asked for or the task
 * gave none.
 *
 * @param warning why a file that was asked for was not kept, when the designer chose to go on
 *     without it; else null
 */
public record KeptMedia(Document video, Document lastFrame, String warning) {
  public static final KeptMedia NONE = new KeptMedia(null, null, null);
}
