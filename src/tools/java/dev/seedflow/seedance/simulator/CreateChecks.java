package dev.seedflow.seedance.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.SeedanceModel;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulated providers' own checks of a create call, written from the API documents
 * (docs/dialects.md names them, with the Ark notes), independently of the product's validator: the
 * round-trip tests only mean something if the two can disagree. What each model makes (its
 * durations, resolutions, formats, media counts) is read from the product's one model table (the
 * dialects' {@code DialectRules.models()} and {@link SeedanceModel}): that table is checked against
 * the vendors' pages in docs/dialects.md, not here.
 */
final class CreateChecks {
  /**
   * Ark models the table does not list, which the simulated Ark still serves (1.5 pro takes frames
   * and drafts).
   */
  static final List<String> OLDER_ARK_MODELS = List.of("doubao-seedance-1-5-pro-251215");

  static final Set<String> ARK_RATIOS =
      Set.of("16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive");
  static final Set<String> UNIFIED_RATIOS =
      Set.of("auto", "21:9", "16:9", "4:3", "1:1", "3:4", "9:16");
  static final Set<String> LEGACY_RATIOS = Set.of("9:16", "1:1", "16:9");
  private static final Map<String, Set<String>> ARK_ROLES =
      Map.of(
          "image_url", Set.of("first_frame", "last_frame", "reference_image"),
          "video_url", Set.of("reference_video"),
          "audio_url", Set.of("reference_audio"));
  private static final Map<String, Set<String>> UNIFIED_ROLES =
      Map.of(
          "image_url", Set.of("image", "reference_image", "first_frame", "last_frame"),
          "video_url", Set.of("reference_video", "source_video"),
          "audio_url", Set.of("reference_audio"));

  private CreateChecks() {}

  static CreateSpec ark(JsonNode body) throws Rejection {
    String model = requiredText(body, "model");
    SeedanceModel listed = HostChecks.listed(ProviderType.ARK, model);
    if (listed == null && !OLDER_ARK_MODELS.contains(model) && !model.startsWith("ep-")) {
      throw new Rejection(
          404,
          "InvalidEndpointOrModel.NotFound",
          "The model or endpoint " + model + " does not exist or you do not have access to it.",
          "model");
    }
    JsonNode content = body.path("content");
    if (!content.isArray() || content.isEmpty())
      throw new Rejection(
          400, "MissingParameter", "The request is missing the content parameter.", "content");
    Media media =
        listed == null
            ? new Media()
            : new Media(listed.maxImages(), listed.maxVideos(), listed.maxAudios());
    String prompt = null;
    boolean draftTask = false;
    for (JsonNode item : content) {
      String type = item.path("type").asText();
      switch (type) {
        case "text" -> prompt = requiredText(item, "text");
        case "draft_task" -> {
          requiredText(item.path("draft_task"), "id");
          if (content.size() != 1)
            throw Rejection.invalid("content", "draft_task must be the only element in content");
          if (listed != null && !listed.makesDrafts())
            throw Rejection.invalid("content.type", "draft_task is not supported by " + model);
          draftTask = true;
        }
        case "image_url", "video_url", "audio_url" -> {
          requiredText(item.path(type), "url");
          media.add(type, role(item, type, ARK_ROLES));
        }
        default ->
            throw Rejection.invalid("content.type", "content type '" + type + "' is not supported");
      }
    }
    media.check();
    boolean draft = body.path("draft").asBoolean(false);
    if (listed != null
        && (body.has("frames")
            || body.path("camera_fixed").asBoolean(false)
            || (draft && !listed.makesDrafts()))) {
      throw Rejection.invalid(
          "frames", "frames, camera_fixed and draft are not supported by " + model);
    }
    int minDuration = listed == null ? 4 : listed.minDuration();
    int maxDuration = listed == null ? 15 : listed.maxDuration();
    int duration = body.has("duration") ? body.get("duration").asInt() : 5;
    if (duration != -1 && (duration < minDuration || duration > maxDuration)) {
      throw Rejection.invalid(
          "duration", "duration must be in [" + minDuration + ", " + maxDuration + "] or -1");
    }
    String ratio = body.path("ratio").asText("adaptive");
    if (!ARK_RATIOS.contains(ratio))
      throw Rejection.invalid("ratio", "ratio " + ratio + " is not supported");
    List<String> resolutions =
        listed == null
            ? List.of("480p", "720p", "1080p")
            : draft
                ? List.of(SeedanceModel.DRAFT_RESOLUTION)
                : draftTask ? listed.draftFinalResolutions() : listed.resolutions();
    String resolution =
        body.path("resolution").asText(resolutions.contains("720p") ? "720p" : resolutions.get(0));
    if (!resolutions.contains(resolution)) {
      throw Rejection.invalid(
          "resolution",
          "resolution "
              + resolution
              + " is not supported by "
              + model
              + (draft ? " for a draft" : draftTask ? " for a draft's final video" : ""));
    }
    String outputFormat = body.path("output_format").asText("mp4");
    if (body.has("output_format")
        && (listed == null || !listed.outputFormats().contains(outputFormat))) {
      throw Rejection.invalid(
          "output_format", "output_format " + outputFormat + " is not supported by " + model);
    }
    String taskType = body.path("omni_reference_task_type").asText(null);
    if (taskType != null && (listed == null || !listed.referenceTaskTypes().contains(taskType))) {
      throw Rejection.invalid(
          "omni_reference_task_type",
          "omni_reference_task_type " + taskType + " is not supported by " + model);
    }
    if ("edit".equals(taskType) && (duration != -1 || !ratio.equals("adaptive"))) {
      throw new Rejection(
          400,
          "InvalidParameter.TaskTypeConstraint",
          "an edit keeps its source's length and shape: duration must be -1 and ratio adaptive",
          "duration");
    }
    Long seed = body.has("seed") ? body.get("seed").asLong() : null;
    if (seed != null && (seed < -1 || seed > 4_294_967_295L))
      throw Rejection.invalid("seed", "seed must be in [-1, 4294967295]");
    Long expires =
        body.has("execution_expires_after") ? body.get("execution_expires_after").asLong() : null;
    if (expires != null && (expires < 3600 || expires > 259_200))
      throw Rejection.invalid(
          "execution_expires_after", "execution_expires_after must be in [3600, 259200]");
    boolean audio = body.path("generate_audio").asBoolean(true);
    if (media.audios > 0 && !audio)
      throw Rejection.invalid("generate_audio", "reference_audio requires generate_audio=true");
    if (body.has("priority")
        && (!body.get("priority").isInt()
            || body.get("priority").asInt() < 0
            || body.get("priority").asInt() > 9)) {
      throw Rejection.invalid("priority", "priority must be an integer in [0, 9]");
    }
    for (JsonNode tool : body.path("tools")) {
      if (!tool.path("type").asText().equals("web_search"))
        throw Rejection.invalid(
            "tools.type", "tool type '" + tool.path("type").asText() + "' is not supported");
    }
    return new CreateSpec(
        model,
        prompt,
        duration == -1 ? 8 : duration,
        resolution,
        ratio,
        seed,
        audio,
        body.path("return_last_frame").asBoolean(false),
        body.path("service_tier").asText("default"),
        expires,
        outputFormat);
  }

  /**
   * The unified create-task document: {@code content[]} when present, else the legacy fields with
   * their {@code extra_body.operation}.
   */
  static CreateSpec gateway(JsonNode body) throws Rejection {
    String model = requiredText(body, "model");
    if (!model.matches("(seedance|jisudance)2\\.0-(fast-|mini-)?(480p|720p|1080p|4k)")) {
      throw new Rejection(400, "model_not_found", "model " + model + " is not available", "model");
    }
    boolean legacy = !body.has("content");
    JsonNode extra = body.path("extra_body");
    String prompt = body.path("prompt").isTextual() ? body.get("prompt").asText() : null;
    if (legacy) {
      checkLegacy(body, extra.path("operation").asText(""));
    } else {
      Media media = new Media();
      for (JsonNode item : body.get("content")) {
        String type = item.path("type").asText();
        if (type.equals("text")) {
          if (prompt == null)
            throw new Rejection(400, "invalid_request_error", "prompt is required", "prompt");
          continue;
        }
        if (!UNIFIED_ROLES.containsKey(type))
          throw new Rejection(
              400,
              "invalid_request_error",
              "content type " + type + " is not supported",
              "content");
        requiredText(item, "url");
        media.add(type, role(item, type, UNIFIED_ROLES));
      }
      media.check();
    }
    JsonNode durationNode = body.path("duration");
    if (durationNode.isMissingNode())
      throw new Rejection(400, "invalid_request_error", "duration is required", "duration");
    int duration = durationNode.asInt();
    int min = legacy ? 5 : 4;
    if (duration < min || duration > 15)
      throw new Rejection(
          400, "invalid_request_error", "duration must be between " + min + " and 15", "duration");
    String ratio = body.path("aspect_ratio").asText(legacy ? "16:9" : "auto");
    if (!(legacy ? LEGACY_RATIOS : UNIFIED_RATIOS).contains(ratio))
      throw new Rejection(
          400,
          "invalid_request_error",
          "aspect_ratio " + ratio + " is not supported",
          "aspect_ratio");
    String resolution = model.substring(model.lastIndexOf('-') + 1);
    return new CreateSpec(
        model,
        prompt,
        duration,
        resolution,
        ratio,
        extra.has("seed") ? extra.get("seed").asLong() : null,
        extra.path("generate_audio").asBoolean(true),
        extra.path("return_last_frame").asBoolean(false),
        extra.path("service_tier").asText("default"),
        extra.has("execution_expires_after")
            ? extra.get("execution_expires_after").asLong()
            : null);
  }

  private static void checkLegacy(JsonNode body, String operation) throws Rejection {
    if (body.has("video") && !Set.of("edit_video", "extend_video").contains(operation)) {
      throw new Rejection(
          400,
          "invalid_request_error",
          "video requires extra_body.operation edit_video or extend_video",
          "extra_body.operation");
    }
    if ((body.has("videos") || body.has("audios")) && !operation.equals("reference_to_video")) {
      throw new Rejection(
          400,
          "invalid_request_error",
          "videos and audios require extra_body.operation reference_to_video",
          "extra_body.operation");
    }
    if (body.has("last_image") && !body.has("image")) {
      throw new Rejection(400, "invalid_request_error", "last_image requires image", "last_image");
    }
    if (body.path("images").size() > 9
        || body.path("videos").size() > 3
        || body.path("audios").size() > 3) {
      throw new Rejection(400, "invalid_request_error", "too many reference files", "images");
    }
    if (!body.path("prompt").isTextual() || body.get("prompt").asText().isBlank()) {
      throw new Rejection(400, "invalid_request_error", "prompt is required", "prompt");
    }
  }

  /** The OpenAI-compatible document. */
  static CreateSpec openAi(JsonNode body) throws Rejection {
    String model = requiredText(body, "model");
    if (!body.path("prompt").isTextual() || body.get("prompt").asText().isBlank()) {
      throw new Rejection(
          400, "invalid_request_error", "prompt is required and cannot be empty", "prompt");
    }
    String mode = body.path("mode").asText("t2v");
    if (!Set.of(
            "t2v", "i2v", "i2v_first_last", "reference_images", "reference_material", "r2v", "edit")
        .contains(mode)) {
      throw new Rejection(
          400, "invalid_request_error", "mode " + mode + " is not supported", "mode");
    }
    Media media = new Media();
    for (JsonNode item : body.path("content")) {
      String type = item.path("type").asText();
      if (type.equals("text")) continue;
      if (!ARK_ROLES.containsKey(type))
        throw new Rejection(
            400, "invalid_request_error", "content type " + type + " is not supported", "content");
      requiredText(item.path(type), "url");
      media.add(type, role(item, type, ARK_ROLES));
    }
    media.check();
    if (mode.equals("reference_images") && media.images == 0) {
      throw new Rejection(
          400, "invalid_request_error", "requires at least one image in `images`", "content");
    }
    if ((mode.equals("i2v") || mode.equals("i2v_first_last")) && media.frames == 0) {
      throw new Rejection(
          400,
          "invalid_request_error",
          "mode " + mode + " requires a first frame image",
          "content");
    }
    int duration =
        body.has("duration") ? body.get("duration").asInt() : body.path("seconds").asInt(5);
    if (duration < 4 || duration > 15)
      throw new Rejection(
          400, "invalid_request_error", "duration must be between 4 and 15", "duration");
    return new CreateSpec(
        model,
        body.get("prompt").asText(),
        duration,
        body.path("resolution").asText("720p"),
        body.path("ratio").asText("16:9"),
        null,
        body.path("generate_audio").asBoolean(true),
        false,
        "default",
        null);
  }

  private static String role(JsonNode item, String type, Map<String, Set<String>> roles)
      throws Rejection {
    String role = item.path("role").asText("");
    if (!roles.get(type).contains(role)) {
      throw Rejection.invalid(
          "content.role",
          "role '" + role + "' is not allowed for " + type + "; allowed: " + roles.get(type));
    }
    return role;
  }

  private static String requiredText(JsonNode node, String field) throws Rejection {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new Rejection(
          400, "MissingParameter", "The request is missing the " + field + " parameter.", field);
    }
    return value.asText();
  }

  /** Counts media and applies the mixing rules every dialect shares. */
  private static final class Media {
    final int maxImages, maxVideos, maxAudios;
    int images, frames, videos, audios;

    /** The media limits every dialect documents for Seedance 2.0. */
    Media() {
      this(9, 3, 3);
    }

    Media(int maxImages, int maxVideos, int maxAudios) {
      this.maxImages = maxImages;
      this.maxVideos = maxVideos;
      this.maxAudios = maxAudios;
    }

    void add(String type, String role) {
      switch (type) {
        case "image_url" -> {
          if (role.equals("reference_image")) images++;
          else frames++;
        }
        case "video_url" -> videos++;
        default -> audios++;
      }
    }

    void check() throws Rejection {
      if (images > 0 && frames > 0)
        throw Rejection.invalid(
            "content", "reference_image cannot appear together with first_frame/last_frame");
      if (audios > 0 && images + frames + videos == 0)
        throw Rejection.invalid("content", "audio_url cannot be the only media in content");
      if (images > maxImages || videos > maxVideos || audios > maxAudios) {
        throw Rejection.invalid(
            "content",
            "at most "
                + maxImages
                + " images, "
                + maxVideos
                + " videos and "
                + maxAudios
                + " audios");
      }
    }
  }
}
