package dev.seedflow.seedance.request;

import java.util.function.Function;

/** The generation options of a request, each with its public variable name. */
public enum Option {
  RESOLUTION("video.resolution", VideoRequest::resolution),
  ASPECT_RATIO("video.aspectRatio", VideoRequest::aspectRatio),
  DURATION("video.duration", VideoRequest::duration),
  FRAMES("video.frames", VideoRequest::frames),
  SEED("video.seed", VideoRequest::seed),
  WATERMARK("video.watermark", VideoRequest::watermark),
  GENERATE_AUDIO("video.generateAudio", VideoRequest::generateAudio),
  CAMERA_FIXED("video.cameraFixed", VideoRequest::cameraFixed),
  RETURN_LAST_FRAME("video.returnLastFrame", VideoRequest::returnLastFrame),
  DRAFT("video.draft", VideoRequest::draft),
  SERVICE_TIER("video.serviceTier", VideoRequest::serviceTier),
  EXECUTION_EXPIRES_AFTER("video.executionExpiresAfter", VideoRequest::executionExpiresAfter),
  CALLBACK_URL("video.callbackUrl", VideoRequest::callbackUrl),
  /** Ark's queue priority for Seedance 2.0, 0 to 9. */
  PRIORITY("video.priority", VideoRequest::priority),
  /**
   * Ark's {@code safety_identifier}: a stable, hashed id of the end user, so abuse is traced to one
   * user, not the account.
   */
  SAFETY_IDENTIFIER("video.safetyIdentifier", VideoRequest::safetyIdentifier),
  /**
   * Ark's {@code tools: [{"type": "web_search"}]} for Seedance 2.0: the model may look up what the
   * prompt names.
   */
  WEB_SEARCH("video.webSearch", VideoRequest::webSearch),
  /** Seedance 2.5's {@code output_format}: mp4 or mov. */
  OUTPUT_FORMAT("video.outputFormat", VideoRequest::outputFormat),
  /**
   * Seedance 2.5's {@code omni_reference_task_type}: what its reference videos are for (auto,
   * reference, edit, extend).
   */
  REFERENCE_TASK_TYPE("video.referenceTaskType", VideoRequest::referenceTaskType);

  private final String field;
  private final Function<VideoRequest, Object> value;

  Option(String field, Function<VideoRequest, Object> value) {
    this.field = field;
    this.value = value;
  }

  public String field() {
    return field;
  }

  /**
   * Whether the request asks for this option. A switch set to false asks for nothing (it is every
   * provider's default), so a Modeler checkbox left unticked never makes a request invalid.
   */
  public boolean isRequestedBy(VideoRequest request) {
    Object v = value.apply(request);
    return v != null && !Boolean.FALSE.equals(v);
  }
}
