package dev.seedflow.seedance.client.dialect;

import static dev.seedflow.seedance.client.dialect.JsonBodies.put;
import static dev.seedflow.seedance.client.dialect.JsonBodies.putList;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.request.DialectRules;
import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.util.EnumSet;
import java.util.List;

/**
 * The gateways' legacy fields (the legacy create-task document, the UniAll overview): {@code
 * prompt, image, last_image, images, video, videos, audios}, with {@code extra_body.operation}
 * inferred from the mode, as the unified create-task document section 9 requires.
 */
public final class UnifiedLegacyDialect implements Dialect {
  static final UnifiedLegacyDialect INSTANCE = new UnifiedLegacyDialect();

  /**
   * The legacy create-task document and the UniAll overview: duration 5 to 15, three aspect ratios,
   * the prompt always required.
   */
  static final DialectRules RULES =
      DialectRules.of(ProviderType.UNIFIED_LEGACY)
          .models(GatewayFields.MODELS)
          .modes(EnumSet.complementOf(EnumSet.of(Mode.DRAFT)))
          .options(GatewayFields.OPTIONS)
          .durations(5, 15)
          .defaultDuration(5)
          .aspectRatios(List.of("16:9", "9:16", "1:1"))
          .resolutionFromModelName()
          .promptAlwaysRequired()
          .build();

  private UnifiedLegacyDialect() {}

  @Override
  public DialectRules rules() {
    return RULES;
  }

  /** The legacy create-task document and the UniAll overview both create at this path. */
  @Override
  public String createPath(ValidRequest request) {
    return "/v1/video/generations";
  }

  @Override
  public ObjectNode createBody(ValidRequest request) {
    VideoRequest v = request.video();
    ObjectNode body = JsonBodies.object();
    body.put("model", v.model());
    put(body, "prompt", v.prompt());
    put(body, "image", v.firstFrame());
    put(body, "last_image", v.lastFrame());
    putList(body, "images", v.referenceImages());
    put(body, "video", v.sourceVideo());
    putList(body, "videos", v.referenceVideos());
    putList(body, "audios", v.referenceAudios());
    String operation =
        switch (request.video().mode()) {
          case FIRST_LAST_FRAME -> "first_last_frame";
          case REFERENCE -> "reference_to_video";
          case EDIT -> "edit_video";
          case EXTEND -> "extend_video";
          case TEXT_TO_VIDEO, IMAGE_TO_VIDEO, DRAFT -> null;
        };
    GatewayFields.putOptions(body, request, operation);
    return body;
  }

  @Override
  public List<String> statusPaths(String taskId) {
    return GatewayFields.statusPaths(taskId);
  }
}
