package dev.seedflow.seedance.client.dialect;

import static dev.seedflow.seedance.client.dialect.JsonBodies.put;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.util.List;

/** What the two gateway formats (seeds 000, 002, 003) share: top-level duration and ratio, options in {@code extra_body}. */
final class GatewayFields {
  private GatewayFields() {}

  /**
   * Seed 000 names {@code GET /v1/videos/{id}} as current and shows {@code GET /v1/videos/generations/{id}} in its
   * response notes; seed 003 uses the first. The first is tried first, the second once on a 404.
   */
  static List<String> statusPaths(String taskId) {
    return List.of("/v1/videos/" + taskId, "/v1/videos/generations/" + taskId);
  }

  /** @param operation the legacy format's {@code extra_body.operation}, or null */
  static void putOptions(ObjectNode body, ValidRequest request, String operation) {
    VideoRequest v = request.video();
    put(body, "duration", request.duration());
    put(body, "aspect_ratio", request.aspectRatio());
    ObjectNode extra = JsonBodies.object();
    put(extra, "generate_audio", request.generateAudio());
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
