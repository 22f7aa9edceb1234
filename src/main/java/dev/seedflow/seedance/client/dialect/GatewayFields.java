package dev.seedflow.seedance.client.dialect;

import static dev.seedflow.seedance.client.dialect.JsonBodies.put;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.request.HostedModel;
import dev.seedflow.seedance.request.Option;
import dev.seedflow.seedance.request.SeedanceModel;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the two gateway formats (the unified and legacy create-task documents, the UniAll overview)
 * share: top-level duration and ratio, options in {@code extra_body}.
 */
final class GatewayFields {
  /**
   * The model names the gateways document (the unified create-task document, the UniAll overview);
   * each fixes its resolution.
   */
  static final List<HostedModel> MODELS =
      List.of(
          new HostedModel("seedance2.0-480p", SeedanceModel.SEEDANCE_2_0, "480p"),
          new HostedModel("seedance2.0-720p", SeedanceModel.SEEDANCE_2_0, "720p"),
          new HostedModel("seedance2.0-1080p", SeedanceModel.SEEDANCE_2_0, "1080p"),
          new HostedModel("seedance2.0-4k", SeedanceModel.SEEDANCE_2_0, "4k"),
          new HostedModel("seedance2.0-fast-480p", SeedanceModel.SEEDANCE_2_0_FAST, "480p"),
          new HostedModel("seedance2.0-fast-720p", SeedanceModel.SEEDANCE_2_0_FAST, "720p"),
          new HostedModel("seedance2.0-mini-480p", SeedanceModel.SEEDANCE_2_0_MINI, "480p"),
          new HostedModel("seedance2.0-mini-720p", SeedanceModel.SEEDANCE_2_0_MINI, "720p"));

  /** The options both gateway formats pass on. */
  static final Set<Option> OPTIONS =
      EnumSet.of(
          Option.RESOLUTION,
          Option.ASPECT_RATIO,
          Option.DURATION,
          Option.FRAMES,
          Option.SEED,
          Option.WATERMARK,
          Option.GENERATE_AUDIO,
          Option.CAMERA_FIXED,
          Option.RETURN_LAST_FRAME,
          Option.DRAFT,
          Option.SERVICE_TIER,
          Option.EXECUTION_EXPIRES_AFTER);

  private GatewayFields() {}

  /**
   * The unified create-task document names {@code GET /v1/videos/{id}} as current and shows {@code
   * GET /v1/videos/generations/{id}} in its response notes; the UniAll overview uses the first. The
   * first is tried first, the second once on a 404.
   */
  static List<String> statusPaths(String taskId) {
    return List.of("/v1/videos/" + taskId, "/v1/videos/generations/" + taskId);
  }

  /**
   * @param operation the legacy format's {@code extra_body.operation}, or null
   */
  static void putOptions(ObjectNode body, ValidRequest request, String operation) {
    VideoRequest v = request.video();
    put(body, "duration", request.video().duration());
    put(body, "aspect_ratio", request.video().aspectRatio());
    ObjectNode extra = JsonBodies.object();
    put(extra, "generate_audio", request.video().generateAudio());
    put(extra, "seed", v.seed());
    put(extra, "watermark", v.watermark());
    put(extra, "camera_fixed", v.cameraFixed());
    put(extra, "service_tier", v.serviceTier());
    put(extra, "execution_expires_after", v.executionExpiresAfter());
    put(extra, "draft", v.draft());
    put(extra, "return_last_frame", v.returnLastFrame());
    put(extra, "frames", v.frames());
    put(extra, "operation", operation);
    if (!extra.isEmpty()) {
      body.set("extra_body", extra);
    }
  }
}
