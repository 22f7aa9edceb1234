package dev.seedflow.seedance.client.dialect;

import static dev.seedflow.seedance.client.dialect.JsonBodies.put;

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
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Volcano Engine Ark / BytePlus ModelArk task API: {@code content[]} items nest the URL ({@code
 * image_url: {url}}), the options are top-level fields, and one list call reads up to 500 tasks by
 * id, or the tasks of a model by page.
 */
public final class ArkDialect implements Dialect {
  static final ArkDialect INSTANCE = new ArkDialect();
  static final String TASKS = "/api/v3/contents/generations/tasks";

  /** What the Ark API accepts, as its documentation says. */
  static final DialectRules RULES =
      DialectRules.of(ProviderType.ARK)
          // BytePlus ModelArk (dreamina-) and Volcano Engine Ark (doubao-); 2.5 Flash is BytePlus
          // only. docs/dialects.md names the sources.
          .models(
              List.of(
                  HostedModel.of("dreamina-seedance-2-0-260128", SeedanceModel.SEEDANCE_2_0),
                  HostedModel.of(
                      "dreamina-seedance-2-0-fast-260128", SeedanceModel.SEEDANCE_2_0_FAST),
                  HostedModel.of(
                      "dreamina-seedance-2-0-mini-260615", SeedanceModel.SEEDANCE_2_0_MINI),
                  HostedModel.of("dreamina-seedance-2-5-260628", SeedanceModel.SEEDANCE_2_5),
                  HostedModel.of(
                      "dreamina-seedance-2-5-flash-261115", SeedanceModel.SEEDANCE_2_5_FLASH),
                  HostedModel.of("doubao-seedance-2-0-260128", SeedanceModel.SEEDANCE_2_0),
                  HostedModel.of(
                      "doubao-seedance-2-0-fast-260128", SeedanceModel.SEEDANCE_2_0_FAST),
                  HostedModel.of(
                      "doubao-seedance-2-0-mini-260615", SeedanceModel.SEEDANCE_2_0_MINI),
                  HostedModel.of("doubao-seedance-2-5-260628", SeedanceModel.SEEDANCE_2_5)))
          .modes(EnumSet.allOf(Mode.class))
          .options(EnumSet.allOf(Option.class))
          // The widest of its models (Seedance 2.5: 4-30 s); each model's own range is in
          // SeedanceModel.
          .durations(4, 30)
          .modelMayChooseDuration()
          .aspectRatios(List.of("16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive"))
          .resolutions(List.of("480p", "720p", "1080p", "4k"))
          .seeds(-1, DialectRules.UINT32_MAX)
          .executionExpiresAfter(3600, 259_200)
          .serviceTiers(List.of("default", "flex"))
          // Ark's documented frame counts for the models that take them: 25 + 4n, from 29 to 289
          // (about 1 to 12 s at 24 fps).
          .frameCounts(new DialectRules.FrameCounts(29, 289, 4))
          // Ark's model ids and endpoint ids (ep-...) are single words: a path is another host's
          // model.
          .modelIds(
              new DialectRules.ModelIds(
                  "[^/\\s]+",
                  "one word without a slash, such as dreamina-seedance-2-0-260128 or an endpoint id"
                      + " ep-..."))
          .build();

  private ArkDialect() {}

  @Override
  public DialectRules rules() {
    return RULES;
  }

  @Override
  public String createPath(ValidRequest request) {
    return TASKS;
  }

  @Override
  public ObjectNode createBody(ValidRequest request) {
    VideoRequest v = request.video();
    ObjectNode body = JsonBodies.object();
    body.put("model", v.model());
    ArrayNode content = body.putArray("content");
    if (request.video().mode() == Mode.DRAFT) {
      content
          .addObject()
          .put("type", "draft_task")
          .putObject("draft_task")
          .put("id", v.draftTaskId());
    } else if (v.prompt() != null) {
      content.addObject().put("type", "text").put("text", v.prompt());
    }
    for (MediaItem item : MediaItem.of(request)) {
      ObjectNode node = content.addObject().put("type", item.kind().contentType);
      node.putObject(item.kind().contentType).put("url", item.url());
      node.put("role", item.arkRole());
    }
    put(body, "resolution", v.resolution());
    put(body, "ratio", request.video().aspectRatio());
    put(body, "duration", request.video().duration());
    put(body, "frames", v.frames());
    put(body, "seed", v.seed());
    put(body, "camera_fixed", v.cameraFixed());
    put(body, "watermark", v.watermark());
    put(body, "generate_audio", request.video().generateAudio());
    put(body, "return_last_frame", v.returnLastFrame());
    put(body, "draft", v.draft());
    put(body, "service_tier", v.serviceTier());
    put(body, "execution_expires_after", v.executionExpiresAfter());
    put(body, "callback_url", v.callbackUrl());
    put(body, "priority", v.priority());
    put(body, "safety_identifier", v.safetyIdentifier());
    if (Boolean.TRUE.equals(v.webSearch()))
      body.putArray("tools").addObject().put("type", "web_search");
    put(body, "output_format", v.outputFormat());
    put(body, "omni_reference_task_type", referenceTaskType(request));
    return body;
  }

  /**
   * The request's own, else, for a model that takes one, what its mode says: an edit or an
   * extension of the source video.
   */
  private static String referenceTaskType(ValidRequest request) {
    VideoRequest v = request.video();
    if (v.referenceTaskType() != null) return v.referenceTaskType();
    boolean takesOne = !request.facts().referenceTaskTypes().isEmpty() && request.facts().listed();
    return takesOne && (v.mode() == Mode.EDIT || v.mode() == Mode.EXTEND)
        ? v.mode().wireName()
        : null;
  }

  @Override
  public List<String> statusPaths(String taskId) {
    return List.of(TASKS + "/" + taskId);
  }

  @Override
  public Optional<CancelCall> cancelCall(String taskId) {
    return Optional.of(new CancelCall("DELETE", TASKS + "/" + taskId));
  }

  @Override
  public Optional<HttpUrl> readManyUrl(HttpUrl baseUrl, List<String> taskIds) {
    HttpUrl.Builder url =
        baseUrl
            .newBuilder()
            .addPathSegments(TASKS.substring(1))
            .addQueryParameter("page_num", "1")
            .addQueryParameter("page_size", String.valueOf(taskIds.size()));
    taskIds.forEach(id -> url.addQueryParameter("filter.task_ids", id));
    return Optional.of(url.build());
  }

  @Override
  public Optional<HttpUrl> listUrl(HttpUrl baseUrl, String model, int page, int pageSize) {
    return Optional.of(
        baseUrl
            .newBuilder()
            .addPathSegments(TASKS.substring(1))
            .addQueryParameter("page_num", String.valueOf(page))
            .addQueryParameter("page_size", String.valueOf(pageSize))
            .addQueryParameter("filter.model", model)
            .build());
  }

  /** Ark's 429 {@code QuotaExceeded}, also its answer to too many queued tasks. */
  @Override
  public boolean saysQueueFull(SeedanceException refused) {
    return refused.errorCode() == ErrorCode.RATE_LIMITED
        && refused.providerCode().filter(code -> code.contains("QuotaExceeded")).isPresent();
  }

  @Override
  public int maxTasksPerRead() {
    return 500;
  }
}
