package dev.seedflow.seedance.client.dialect;

import static dev.seedflow.seedance.client.dialect.JsonBodies.put;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.request.DialectRules;
import dev.seedflow.seedance.request.HostedModel;
import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.Option;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.SeedanceModel;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.util.EnumSet;
import java.util.List;

/**
 * The OpenAI/Sora-compatible format (the OpenAI-compatible document): {@code prompt} required,
 * media as Ark-style {@code content[]} items with a nested URL, a role and a name the prompt can
 * refer to, and {@code mode} naming the kind of video. The OpenAI-compatible document names no
 * paths; these are the OpenAI video API's ({@code POST /v1/videos}, {@code GET /v1/videos/{id}}).
 */
public final class OpenAiCompatibleDialect implements Dialect {
  static final OpenAiCompatibleDialect INSTANCE = new OpenAiCompatibleDialect();

  /**
   * The OpenAI-compatible document: the prompt required, only the options it names (ratio,
   * duration, resolution, audio, watermark).
   */
  static final DialectRules RULES =
      DialectRules.of(ProviderType.OPENAI_COMPATIBLE)
          .models(
              List.of(
                  HostedModel.of("doubao-seedance-2-0-260128", SeedanceModel.SEEDANCE_2_0),
                  HostedModel.of(
                      "doubao-seedance-2-0-fast-260128", SeedanceModel.SEEDANCE_2_0_FAST)))
          .modes(
              EnumSet.of(
                  Mode.TEXT_TO_VIDEO, Mode.IMAGE_TO_VIDEO, Mode.FIRST_LAST_FRAME, Mode.REFERENCE))
          .options(
              EnumSet.of(
                  Option.RESOLUTION,
                  Option.ASPECT_RATIO,
                  Option.DURATION,
                  Option.WATERMARK,
                  Option.GENERATE_AUDIO))
          .durations(4, 15)
          .aspectRatios(ArkDialect.RULES.aspectRatios())
          .resolutions(List.of("480p", "720p", "1080p"))
          .seeds(-1, DialectRules.UINT32_MAX)
          .promptAlwaysRequired()
          .build();

  private OpenAiCompatibleDialect() {}

  @Override
  public DialectRules rules() {
    return RULES;
  }

  @Override
  public String createPath(ValidRequest request) {
    return "/v1/videos";
  }

  @Override
  public ObjectNode createBody(ValidRequest request) {
    VideoRequest v = request.video();
    ObjectNode body = JsonBodies.object();
    body.put("model", v.model());
    body.put("prompt", v.prompt());
    body.put("mode", mode(request));
    List<MediaItem> media = MediaItem.of(request);
    if (!media.isEmpty()) {
      ArrayNode content = body.putArray("content");
      content.addObject().put("type", "text").put("text", v.prompt());
      for (int i = 0; i < media.size(); i++) {
        MediaItem item = media.get(i);
        ObjectNode node = content.addObject().put("type", item.kind().contentType);
        node.putObject(item.kind().contentType).put("url", item.url());
        node.put("role", item.arkRole()).put("name", String.valueOf(i + 1));
      }
    }
    put(body, "duration", request.video().duration());
    put(body, "ratio", request.video().aspectRatio());
    put(body, "resolution", v.resolution());
    put(body, "generate_audio", request.video().generateAudio());
    put(body, "watermark", v.watermark());
    return body;
  }

  /**
   * The OpenAI-compatible document's compatibility modes; any reference video or audio makes it
   * "reference_material".
   */
  private static String mode(ValidRequest request) {
    return switch (request.video().mode()) {
      case TEXT_TO_VIDEO -> "t2v";
      case IMAGE_TO_VIDEO -> "i2v";
      case FIRST_LAST_FRAME -> "i2v_first_last";
      case REFERENCE ->
          request.video().referenceVideos().isEmpty() && request.video().referenceAudios().isEmpty()
              ? "reference_images"
              : "reference_material";
      case EDIT, EXTEND, DRAFT ->
          throw new IllegalStateException(
              "validation lets no "
                  + request.video().mode()
                  + " request reach "
                  + ProviderType.OPENAI_COMPATIBLE);
    };
  }

  @Override
  public List<String> statusPaths(String taskId) {
    return List.of("/v1/videos/" + taskId);
  }
}
