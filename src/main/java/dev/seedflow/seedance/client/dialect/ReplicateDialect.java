package dev.seedflow.seedance.client.dialect;

import static dev.seedflow.seedance.client.dialect.JsonBodies.put;
import static dev.seedflow.seedance.client.dialect.JsonBodies.putList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.DialectRules;
import dev.seedflow.seedance.request.HostedModel;
import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.Option;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.SeedanceModel;
import dev.seedflow.seedance.request.Text;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Replicate's predictions API (the HTTP API reference, and the input schema of the models {@code
 * bytedance/seedance-2.0} and {@code bytedance/seedance-2.0-fast}): a create is {@code POST
 * /v1/models/{owner}/{name}/predictions} with the request under {@code input}; a prediction goes
 * {@code starting}, {@code processing}, then {@code succeeded} with the video's URL as {@code
 * output}, or {@code failed} with {@code error}, or {@code canceled}. {@code Prefer: wait} is never
 * sent: it holds a create at most 60 s, far less than a video takes. Replicate deletes outputs
 * after an hour, so a video there must be kept soon.
 */
public final class ReplicateDialect implements Dialect {
  static final ReplicateDialect INSTANCE = new ReplicateDialect();
  private static final String PREDICTIONS = "/v1/predictions/";

  /**
   * The models' input schema: duration -1 (the model decides) or 4 to 15, the aspect ratio
   * "adaptive" or a ratio.
   */
  static final DialectRules RULES =
      DialectRules.of(ProviderType.REPLICATE)
          .models(
              List.of(
                  HostedModel.of("bytedance/seedance-2.0", SeedanceModel.SEEDANCE_2_0),
                  HostedModel.of("bytedance/seedance-2.0-fast", SeedanceModel.SEEDANCE_2_0_FAST)))
          .modes(
              EnumSet.of(
                  Mode.TEXT_TO_VIDEO, Mode.IMAGE_TO_VIDEO, Mode.FIRST_LAST_FRAME, Mode.REFERENCE))
          .options(
              EnumSet.of(
                  Option.RESOLUTION,
                  Option.ASPECT_RATIO,
                  Option.DURATION,
                  Option.SEED,
                  Option.GENERATE_AUDIO,
                  Option.CALLBACK_URL,
                  Option.EXECUTION_EXPIRES_AFTER))
          .durations(4, 15)
          .modelMayChooseDuration()
          .aspectRatios(List.of("16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive"))
          .resolutions(List.of("480p", "720p", "1080p"))
          .seeds(-1, DialectRules.UINT32_MAX)
          .promptAlwaysRequired()
          .billedPerSecond()
          .modelIds(
              new DialectRules.ModelIds(
                  "[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*",
                  "owner/name, such as bytedance/seedance-2.0"))
          .build();

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
      // Only the end: a start, output or log event would be a delivery to verify that changes
      // nothing (Replicate's HTTP API).
      body.put("webhook", v.callbackUrl()).putArray("webhook_events_filter").add("completed");
    }
    return body;
  }

  /**
   * Replicate's list of the account's predictions, newest first, 100 a page, with a cursor to the
   * next ({@code GET /v1/predictions}, Replicate's HTTP API and its OpenAPI description, whose
   * example items carry {@code input}): it holds every model's predictions, so each item names its
   * model, and the seed it was sent is under {@code input}.
   */
  @Override
  public Optional<HttpUrl> listUrl(HttpUrl baseUrl, String model, int page, int pageSize) {
    return Optional.of(
        baseUrl
            .newBuilder()
            .addPathSegments(PREDICTIONS.substring(1, PREDICTIONS.length() - 1))
            .build());
  }

  /**
   * Each prediction with what its create sent ({@code input}) where the shared parser reads a
   * task's settings.
   */
  @Override
  public JsonNode listItems(JsonNode page) {
    ArrayNode items = JsonBodies.array();
    for (JsonNode prediction : page.path("results")) {
      if (!prediction.isObject()) {
        items.add(prediction);
        continue;
      }
      ObjectNode item = (ObjectNode) prediction.deepCopy();
      JsonNode input = prediction.path("input");
      for (String field : List.of("seed", "duration", "resolution", "aspect_ratio")) {
        if (input.has(field) && !item.has(field)) item.set(field, input.get(field));
      }
      item.remove("output"); // a list item is searched, never taken as a result
      items.add(item);
    }
    return items;
  }

  /**
   * Replicate's cursor: the answer's {@code next}, none on the last page. It must be on the base
   * URL's host, or the key would go elsewhere; one that is not cannot be followed, and the pages
   * after it might hold the task, so the list is unreadable, never read to its end.
   *
   * @throws SeedanceException SEEDANCE_BAD_RESPONSE for a {@code next} that is not a URL on the
   *     base URL's host
   */
  @Override
  public Optional<HttpUrl> nextListUrl(
      HttpUrl baseUrl, String model, int page, int pageSize, JsonNode answer) {
    JsonNode cursor = answer.path("next");
    if (cursor.isMissingNode() || cursor.isNull()) return Optional.empty();
    HttpUrl next = HttpUrl.parse(cursor.asText(""));
    if (next == null
        || !next.scheme().equals(baseUrl.scheme())
        || !next.host().equals(baseUrl.host())
        || next.port() != baseUrl.port()) {
      throw SeedanceException.of(
              ErrorCode.BAD_RESPONSE,
              "Replicate's list of predictions points its next page at '"
                  + Text.shown(cursor.asText())
                  + "', not at "
                  + baseUrl.host()
                  + "; it is not followed, so the pages after it were not searched")
          .build();
    }
    return Optional.of(next);
  }

  /**
   * The deadline, as {@code Cancel-After} in seconds (Replicate's changelog, "Set deadlines for
   * predictions"): a prediction that has not started by then is {@code aborted} and not charged on
   * public models; one still running is {@code canceled}, and charged for the time it ran.
   */
  @Override
  public Map<String, String> createHeaders(ValidRequest request) {
    Integer seconds = request.video().executionExpiresAfter();
    return seconds == null ? Map.of() : Map.of("Cancel-After", seconds + "s");
  }

  @Override
  public boolean endsUnstartedTasksUnpaid() {
    return true;
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
   * {@code output} is the video's URL (a list of one in older models). A {@code succeeded} whose
   * output is anything else carries a note of what it was, for the incident: there is no video to
   * take.
   */
  @Override
  public JsonNode task(JsonNode answer) {
    JsonNode output = answer.path("output");
    JsonNode url = output.isArray() && output.size() == 1 ? output.path(0) : output;
    if (!answer.isObject()) return answer;
    if (url.isTextual()) return ((ObjectNode) answer.deepCopy()).put("video_url", url.asText());
    if (!answer.path("status").asText("").equals("succeeded")
        || answer.has("error") && !answer.path("error").isNull()) return answer;
    ObjectNode noted = (ObjectNode) answer.deepCopy();
    noted
        .putObject("error")
        .put("code", NO_VIDEO)
        .put(
            "message",
            "Replicate's output is "
                + (output.isMissingNode() ? "missing" : Text.shown(output.toString()))
                + ", not a video URL (nor a list of one)");
    return noted;
  }
}
