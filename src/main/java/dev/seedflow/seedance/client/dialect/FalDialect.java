package dev.seedflow.seedance.client.dialect;

import static dev.seedflow.seedance.client.dialect.JsonBodies.put;
import static dev.seedflow.seedance.client.dialect.JsonBodies.putList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.DialectRules;
import dev.seedflow.seedance.request.HostedModel;
import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.Option;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.SeedanceModel;
import dev.seedflow.seedance.request.TaskIds;
import dev.seedflow.seedance.request.Text;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * fal's queue API (fal's "Queue" documentation and its {@code bytedance/seedance-2.0} model pages):
 * a create goes to the endpoint of the model and the mode ({@code POST
 * /bytedance/seedance-2.0/text-to-video}) with {@code Authorization: Key}, and answers with the
 * request's own status, result and cancel URLs, which leave the mode out ({@code
 * /bytedance/seedance-2.0/requests/{id}/status}). Those URLs are used, not rebuilt, so the task id
 * is the app path they name and the request id, joined with colons ({@code
 * bytedance:seedance-2.0:<request id>}): an id that is one safe path segment and still says where
 * its task lives. The status says {@code COMPLETED} without the video, so a finished task costs one
 * more read, of its result.
 */
public final class FalDialect implements Dialect {
  static final FalDialect INSTANCE = new FalDialect();
  private static final String SEPARATOR = ":";
  private static final String ERROR_TYPE_HEADER = "X-Fal-Error-Type";
  private static final String ALREADY_COMPLETED = "ALREADY_COMPLETED";

  /**
   * The webhook URL's parameter naming the app a request lives under, as Seedflow's task ids write
   * it ({@code bytedance:seedance-2.0}).
   */
  static final String APP_PARAMETER = "seedflow_fal_app";

  /**
   * fal's model pages: Seedance 2.0 (standard, fast, mini) and 2.5, each with text-, image- and
   * reference-to-video endpoints.
   */
  static final DialectRules RULES =
      DialectRules.of(ProviderType.FAL)
          .models(
              List.of(
                  HostedModel.of("bytedance/seedance-2.0", SeedanceModel.SEEDANCE_2_0),
                  HostedModel.of("bytedance/seedance-2.0/fast", SeedanceModel.SEEDANCE_2_0_FAST),
                  HostedModel.of("bytedance/seedance-2.0/mini", SeedanceModel.SEEDANCE_2_0_MINI),
                  HostedModel.of("bytedance/seedance-2.5", SeedanceModel.SEEDANCE_2_5),
                  HostedModel.of("bytedance/seedance-2.5/flash", SeedanceModel.SEEDANCE_2_5_FLASH)))
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
                  Option.CALLBACK_URL))
          .durations(4, 30)
          .modelMayChooseDuration()
          .aspectRatios(List.of("auto", "21:9", "16:9", "4:3", "1:1", "3:4", "9:16"))
          // fal's model pages list 480p and 720p for every Seedance endpoint, the standard tier's
          // too (Ark's 1080p is not offered there).
          .resolutions(List.of("480p", "720p"))
          .seeds(-1, DialectRules.UINT32_MAX)
          .promptAlwaysRequired()
          // fal prices per second of video on its pages, but computes it from Ark's tokens ((height
          // x width x seconds x 24) / 1024): billed per token here.
          .modelIds(
              new DialectRules.ModelIds(
                  "(?!.*/(text|image|reference)-to-video$)[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)+",
                  "owner/model[/tier] without the mode, such as bytedance/seedance-2.0 or"
                      + " bytedance/seedance-2.0/fast"))
          .build();

  private FalDialect() {}

  @Override
  public DialectRules rules() {
    return RULES;
  }

  @Override
  public String authorization(String apiKey) {
    return "Key " + apiKey;
  }

  /** The model's endpoint for the mode: fal serves each mode at its own path. */
  @Override
  public String createPath(ValidRequest request) {
    String endpoint =
        switch (request.video().mode()) {
          case TEXT_TO_VIDEO -> "text-to-video";
          case IMAGE_TO_VIDEO, FIRST_LAST_FRAME -> "image-to-video";
          case REFERENCE -> "reference-to-video";
          case EDIT, EXTEND, DRAFT ->
              throw new IllegalStateException(
                  "validation lets no "
                      + request.video().mode()
                      + " request reach "
                      + ProviderType.FAL);
        };
    return "/" + request.video().model() + "/" + endpoint;
  }

  @Override
  public ObjectNode createBody(ValidRequest request) {
    VideoRequest v = request.video();
    ObjectNode body = JsonBodies.object();
    body.put("prompt", v.prompt());
    put(body, "image_url", v.firstFrame());
    put(body, "end_image_url", v.lastFrame());
    putList(body, "image_urls", v.referenceImages());
    putList(body, "video_urls", v.referenceVideos());
    putList(body, "audio_urls", v.referenceAudios());
    put(body, "resolution", v.resolution());
    put(body, "aspect_ratio", v.aspectRatio());
    // fal's duration is a word: "auto" (the model decides) or a number of seconds, "4" to "15".
    if (v.duration() != null)
      body.put("duration", v.duration() == -1 ? "auto" : String.valueOf(v.duration()));
    put(body, "generate_audio", v.generateAudio());
    put(body, "seed", v.chosenSeed());
    return body;
  }

  /**
   * The id from the status URL fal gave, which must be on the base URL's host: a URL elsewhere
   * would be sent the key. Its path is the app, {@code requests}, the request id and {@code
   * status}.
   */
  @Override
  public JsonNode createdTask(JsonNode answer, HttpUrl baseUrl) {
    String requestId = answer.path("request_id").asText("");
    HttpUrl status = HttpUrl.parse(answer.path("status_url").asText(""));
    ObjectNode task = JsonBodies.object();
    if (requestId.isEmpty()
        || status == null
        || !status.scheme().equals(baseUrl.scheme())
        || !status.host().equals(baseUrl.host())
        || status.port() != baseUrl.port()) {
      return task;
    }
    List<String> base = baseUrl.pathSegments().stream().filter(s -> !s.isEmpty()).toList();
    List<String> path = status.pathSegments();
    int n = path.size();
    if (n < base.size() + 5
        || !path.subList(0, base.size()).equals(base)
        || !path.get(n - 1).equals("status")
        || !path.get(n - 2).equals(requestId)
        || !path.get(n - 3).equals("requests")) {
      return task;
    }
    return task.put(
            "id", String.join(SEPARATOR, path.subList(base.size(), n - 3)) + SEPARATOR + requestId)
        .put("status", "IN_QUEUE");
  }

  @Override
  public List<String> statusPaths(String taskId) {
    return List.of(requestPath(taskId) + "/status");
  }

  @Override
  public Optional<String> resultPath(String taskId) {
    return Optional.of(requestPath(taskId));
  }

  @Override
  public Optional<CancelCall> cancelCall(String taskId) {
    return Optional.of(new CancelCall("PUT", requestPath(taskId) + "/cancel"));
  }

  /**
   * A status answer as it is, but {@code COMPLETED} with an {@code error} is a failed request; a
   * result answer ({@code {video: {url}, seed}}) is a succeeded task.
   */
  @Override
  public JsonNode task(JsonNode answer) {
    if (!answer.has("status") && answer.path("video").isObject()) {
      ObjectNode done = JsonBodies.object().put("status", "succeeded");
      JsonNode url = answer.path("video").path("url");
      if (url.isTextual()) {
        done.put("video_url", url.asText());
      } else {
        done.putObject("error")
            .put("code", NO_VIDEO)
            .put(
                "message",
                "fal's result has video.url "
                    + (url.isMissingNode() ? "missing" : Text.shown(url.toString()))
                    + ", not one video URL");
      }
      if (answer.has("seed")) done.set("seed", answer.get("seed"));
      return done;
    }
    JsonNode error = answer.path("error");
    if (answer.path("status").asText("").equalsIgnoreCase("COMPLETED")
        && !error.isMissingNode()
        && !error.isNull()) {
      ObjectNode failed = JsonBodies.object().put("status", "failed");
      failed
          .putObject("error")
          .put("code", answer.path("error_type").asText("fal_error"))
          .put("message", error.isTextual() ? error.asText() : error.toString());
      return failed;
    }
    return answer;
  }

  /**
   * fal's two failure forms of a result (fal, "Request Error Types" and "Model errors"): a request
   * error, {@code {detail, error_type}} with the same type in {@code X-Fal-Error-Type}, under any
   * status (503 {@code runner_disconnected}, 504 {@code request_timeout}), which fal sends only
   * after its own retries; and a model error, a 4xx whose {@code detail} lists {@code {loc, msg,
   * type}}. Either is how the request ended, so it is read as the task's failure, with fal's type
   * as its code, never retried or waited out. A type that speaks of cancelling is a cancelled task
   * (fal's pages do not show a cancelled request's result: this is our choice). A 5xx without a
   * type is an ordinary server error, and a refusal of the key, of the id or for the rate is what
   * it says.
   */
  @Override
  public Optional<JsonNode> resultInRefusal(int httpStatus, Headers headers, JsonNode body) {
    String header = headers.get(ERROR_TYPE_HEADER);
    String requestError =
        header != null && !header.isBlank()
            ? header.trim()
            : body.path("error_type").asText("").trim();
    boolean modelError =
        httpStatus >= 400
            && httpStatus < 500
            && !List.of(401, 403, 404, 408, 429).contains(httpStatus);
    if (requestError.isEmpty() && !modelError) return Optional.empty();
    String type =
        !requestError.isEmpty() ? requestError : ValidationDetail.firstType(body.path("detail"));
    String message = ValidationDetail.message(body.path("detail"));
    return Optional.of(
        ended(
            type != null ? type : "http_" + httpStatus,
            message != null
                ? message
                : "fal answered the result with HTTP " + httpStatus + " and no detail"));
  }

  /**
   * A request that ended without a video, in fal's words: cancelled where its type speaks of
   * cancelling, else failed.
   */
  private static ObjectNode ended(String type, String message) {
    ObjectNode ended =
        JsonBodies.object()
            .put(
                "status",
                type.toLowerCase(Locale.ROOT).contains("cancel") ? "cancelled" : "failed");
    ended.putObject("error").put("code", type).put("message", message);
    return ended;
  }

  /**
   * The webhook URL, where fal takes it: a query parameter of the submit (fal, "Webhooks"). fal's
   * webhook names the request id alone, so the URL gets the app the request lives under, {@link
   * #APP_PARAMETER}, from which a receiver that holds no job (the "video finished" event) makes
   * Seedflow's task id: fal's app is the model's owner and name, the path its status URL names.
   */
  @Override
  public Map<String, String> createQuery(ValidRequest request) {
    String url = request.video().callbackUrl();
    if (url == null) return Map.of();
    HttpUrl parsed = HttpUrl.parse(url);
    String app =
        String.join(SEPARATOR, Arrays.asList(request.video().model().split("/")).subList(0, 2));
    return Map.of(
        "fal_webhook",
        parsed == null
            ? url
            : parsed.newBuilder().setQueryParameter(APP_PARAMETER, app).build().toString());
  }

  /**
   * The task id from the app the create put in the webhook URL and the request id fal's body names.
   */
  @Override
  public Optional<String> callbackTaskId(JsonNode body, Map<String, String> urlParameters) {
    String app = urlParameters.getOrDefault(APP_PARAMETER, "");
    String requestId = body.path("request_id").asText("");
    if (app.isBlank() || requestId.isBlank()) return Optional.empty();
    String taskId = app + SEPARATOR + requestId;
    try {
      requestPath(taskId);
      return Optional.of(taskId);
    } catch (SeedanceException notAnId) {
      return Optional.empty();
    }
  }

  @Override
  public WebhookSigning webhookSigning() {
    return new WebhookSigning.FalEd25519();
  }

  /**
   * fal's webhook body (fal, "Webhooks"): {@code {request_id, status: OK, payload}}, the payload
   * being the result a read of it returns, or {@code {request_id, status: ERROR, error, payload}},
   * the payload holding fal's error detail. A payload fal could not serialise is null ({@code
   * payload_error}): a success with no video, which a read then settles.
   */
  @Override
  public JsonNode callbackTask(JsonNode body) {
    String requestId = body.path("request_id").asText("");
    JsonNode payload = body.path("payload");
    ObjectNode task;
    if (body.path("status").asText("").equals("OK")) {
      task =
          payload.isObject()
              ? (ObjectNode) task(payload)
              : JsonBodies.object().put("status", "succeeded");
    } else if (body.path("status").asText("").equals("ERROR")) {
      String type = payload.path("error_type").asText("");
      type = !type.isBlank() ? type : ValidationDetail.firstType(payload.path("detail"));
      String message = ValidationDetail.message(payload.path("detail"));
      task =
          ended(
              type != null ? type : "fal_error",
              message != null
                  ? message
                  : body.path("error").asText("fal reported an error and no detail"));
    } else {
      task = JsonBodies.object();
    }
    return requestId.isBlank() ? task : task.put("id", requestId);
  }

  /**
   * fal's webhook names the request id, which ends Seedflow's task id (the app path, then the
   * request id).
   */
  @Override
  public boolean names(String taskId, String namedId) {
    return !namedId.isBlank() && taskId.endsWith(SEPARATOR + namedId);
  }

  /**
   * A cancel of a request that had ended: fal answers 400 with {@code {status: ALREADY_COMPLETED}}.
   */
  @Override
  public Optional<JsonNode> cancelInRefusal(int httpStatus, Headers headers, JsonNode body) {
    return body.path("status").asText("").equals(ALREADY_COMPLETED)
        ? Optional.of(body)
        : Optional.empty();
  }

  /**
   * fal's cancel answers (fal, "Cancel a request"): {@code OK}, the request left the queue; {@code
   * CANCELLATION_REQUESTED}, a running request was signalled and may still finish; {@code
   * ALREADY_COMPLETED}. A word it does not document is not taken as cancelled.
   */
  @Override
  public CancelOutcome cancelOutcome(JsonNode answer) {
    return switch (answer.path("status").asText("")) {
      case "OK" -> CancelOutcome.CANCELLED;
      case ALREADY_COMPLETED -> CancelOutcome.ALREADY_ENDED;
      default -> CancelOutcome.REQUESTED;
    };
  }

  /** The request's path, {@code /<app>/requests/<request id>}, from a task id this dialect made. */
  private static String requestPath(String taskId) {
    String[] parts = taskId.split(SEPARATOR, -1);
    if (parts.length < 3
        || Arrays.stream(parts).anyMatch(part -> part.isEmpty() || TaskIds.isDotsOnly(part))) {
      throw SeedanceException.of(
              ErrorCode.INVALID_INPUT,
              "'"
                  + Text.shown(taskId)
                  + "' is not a fal task id: Seedflow writes it as the app and the request id"
                  + " joined by colons, such as bytedance:seedance-2.0:<request id>; use the taskId"
                  + " a create step returned")
          .taskId(taskId)
          .build();
    }
    String requestId = parts[parts.length - 1];
    return "/"
        + String.join("/", Arrays.copyOf(parts, parts.length - 1))
        + "/requests/"
        + requestId;
  }
}
