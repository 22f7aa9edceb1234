package dev.seedflow.seedance.request;

import java.util.List;
import java.util.function.Function;

/** The media inputs of a request, each with its public variable name. */
public enum Media {
  FIRST_FRAME("video.firstFrame", r -> one(r.firstFrame())),
  LAST_FRAME("video.lastFrame", r -> one(r.lastFrame())),
  REFERENCE_IMAGES("video.referenceImages", VideoRequest::referenceImages),
  REFERENCE_VIDEOS("video.referenceVideos", VideoRequest::referenceVideos),
  REFERENCE_AUDIOS("video.referenceAudios", VideoRequest::referenceAudios),
  SOURCE_VIDEO("video.sourceVideo", r -> one(r.sourceVideo())),
  DRAFT_TASK_ID("video.draftTaskId", r -> one(r.draftTaskId()));

  private final String field;
  private final Function<VideoRequest, List<String>> values;

  Media(String field, Function<VideoRequest, List<String>> values) {
    this.field = field;
    this.values = values;
  }

  public String field() {
    return field;
  }

  public List<String> valuesIn(VideoRequest request) {
    return values.apply(request);
  }

  public boolean isIn(VideoRequest request) {
    return !valuesIn(request).isEmpty();
  }

  private static List<String> one(String value) {
    return value == null ? List.of() : List.of(value);
  }
}
