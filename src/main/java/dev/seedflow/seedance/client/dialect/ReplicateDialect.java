package dev.seedflow.seedance.client.dialect;

import static dev.seedflow.seedance.client.dialect.JsonBodies.put;
import static dev.seedflow.seedance.client.dialect.JsonBodies.putList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.request.DialectRules;
import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.Option;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.Text;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Replicate's predictions API (the HTTP API reference, and the input schema of the models {@code bytedance/seedance-2.0}
 * and {@code bytedance/seedance-2.0-fast}): a create is {@code POST /v1/models/{owner}/{name}/predictions} with the
 * request under {@code input}; a prediction goes {@code starting}, {@code processing}, then {@code succeeded} with the
 * video's URL as {@code output}, or {@code failed} with {@code error}, or {@code canceled}. {@code Prefer: wait} is
 * never sent: it holds a create at most 60 s, far less than a video takes. Replicate deletes outputs after an hour,
 * so a video there must be kept soon.
 */
public final class ReplicateDialect implements Dialect {
  static final ReplicateDialect INSTANCE = new ReplicateDialect();
  private static final String PREDICTIONS = "/v1/predictions/";
  /** The models' input schema: duration -1 (the model decides) or 4 to 15, the aspect ratio "adaptive" or a ratio. */
  static final DialectRules RULES = new DialectRules(
      ProviderType.REPLICATE,
      List.of("bytedance/seedance-2.0", "bytedance/seedance-2.0-fast"),
      EnumSet.of(Mode.TEXT_TO_VIDEO, Mode.IMAGE_TO_VIDEO, Mode.FIRST_LAST_FRAME, Mode.REFERENCE),
      EnumSet.of(Option.RESOLUTION, Option.ASPECT_RATIO, Option.DURATION, Option.SEED, Option.GENERATE_AUDIO, Option.CALLBACK_URL),
      4, 15, true, null,
      List.of("16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive"),
      List.of("480p", "720p", "1080p"), false,
      -1, DialectRules.UINT32_MAX,
      1, Long.MAX_VALUE,
      List.of(),
      true,
      EnumSet.noneOf(Option.class), null, true,
      new DialectRules.ModelIds("[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*", "owner/name, such as bytedance/seedance-2.0"));

  private ReplicateDialect() {}

  @Override
  public DialectRules rules() {
    return RULES;
  }

  @Override
  public String createPath(ValidRequest request) {
    return "/v1/models/" + request.video().model() + "/predictions";
  }

  @Override
  public ObjectNode createBody(ValidRequest request) {
    VideoRequest v = request.video();
    ObjectNode body = JsonBodies.object();
    ObjectNode input = body.putObject("input");
    input.put("prompt", v.prompt());
    put(input, "image", v.firstFrame());
    put(input, "last_frame_image", v.lastFrame());
    putList(input, "reference_images", v.referenceImages());
    putList(input, "reference_videos", v.referenceVideos());
    putList(input, "reference_audios", v.referenceAudios());
    put(input, "duration", v.duration());
    put(input, "resolution", v.resolution());
    put(input, "aspect_ratio", v.aspectRatio());
    put(input, "generate_audio", v.generateAudio());
    put(input, "seed", v.chosenSeed());
    if (v.callbackUrl() != null) {
      // Only the end: a start, output or log event would be a delivery to verify that changes nothing (Replicate's HTTP API).
      body.put("webhook", v.callbackUrl()).putArray("webhook_events_filter").add("completed");
    }
    return body;
  }

  @Override
  public WebhookSigning webhookSigning() {
    return new WebhookSigning.StandardWebhooks("/v1/webhooks/default/secret");
  }

  @Override
  public List<String> statusPaths(String taskId) {
    return List.of(PREDICTIONS + taskId);
  }

  @Override
  public Optional<CancelCall> cancelCall(String taskId) {
    return Optional.of(new CancelCall("POST", PREDICTIONS + taskId + "/cancel"));
  }

  /**
   * {@code output} is the video's URL (a list of one in older models). A {@code succeeded} whose output is anything
   * else carries a note of what it was, for the incident: there is no video to take.
   */
  @Override
  public JsonNode task(JsonNode answer) {
    JsonNode output = answer.path("output");
    JsonNode url = output.isArray() && output.size() == 1 ? output.path(0) : output;
    if (!answer.isObject()) return answer;
    if (url.isTextual()) return ((ObjectNode) answer.deepCopy()).put("video_url", url.asText());
    if (!answer.path("status").asText("").equals("succeeded") || answer.has("error") && !answer.path("error").isNull()) return answer;
    ObjectNode noted = (ObjectNode) answer.deepCopy();
    noted.putObject("error").put("code", NO_VIDEO).put("message", "Replicate's output is "
        + (output.isMissingNode() ? "missing" : Text.shown(output.toString())) + ", not a video URL (nor a list of one)");
    return noted;
  }
}
