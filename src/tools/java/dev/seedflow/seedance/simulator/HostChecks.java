package dev.seedflow.seedance.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.request.HostedModel;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.SeedanceModel;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated hosts' checks of a create call, from fal's model pages for {@code
 * bytedance/seedance-2.0} and Replicate's input schema for {@code bytedance/seedance-2.0}, written
 * apart from the product's validator. Stricter than the hosts in one way: a field a host does not
 * document is refused, so a client that sends Ark's fields to a host is caught.
 */
final class HostChecks {
  static final Set<String> FAL_APPS = Set.of("bytedance/seedance-2.0", "bytedance/seedance-2.5");
  static final Set<String> FAL_TIERS = Set.of("", "/fast", "/mini", "/flash");
  static final Set<String> REPLICATE_MODELS =
      Set.of("bytedance/seedance-2.0", "bytedance/seedance-2.0-fast");
  private static final Set<String> RATIOS = Set.of("21:9", "16:9", "4:3", "1:1", "3:4", "9:16");
  private static final Set<String> FAL_FIELDS =
      Set.of(
          "prompt",
          "resolution",
          "duration",
          "aspect_ratio",
          "generate_audio",
          "seed",
          "image_url",
          "end_image_url",
          "image_urls",
          "video_urls",
          "audio_urls");
  private static final Set<String> REPLICATE_FIELDS =
      Set.of(
          "prompt",
          "image",
          "last_frame_image",
          "reference_images",
          "reference_videos",
          "reference_audios",
          "duration",
          "resolution",
          "aspect_ratio",
          "generate_audio",
          "seed");

  /** One part of a Cancel-After duration: a number of hours, minutes or seconds. */
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)([hms])");

  private HostChecks() {}

  /**
   * A fal submit to {@code /<app><tier>/<endpoint>}: {@code model} is the app and tier, {@code
   * endpoint} the mode's.
   */
  static CreateSpec fal(JsonNode body, String model, String endpoint) throws Rejection {
    String app = falApp(model);
    if (!FAL_APPS.contains(app) || !FAL_TIERS.contains(model.substring(app.length()))) {
      throw new Rejection(
          404, "not_found", "Application '" + model + "/" + endpoint + "' not found", null);
    }
    unknownFields(body, FAL_FIELDS, "body");
    String prompt = prompt(body, "body");
    boolean frame = body.has("image_url"), end = body.has("end_image_url");
    int images = body.path("image_urls").size(),
        videos = body.path("video_urls").size(),
        audios = body.path("audio_urls").size();
    switch (endpoint) {
      case "text-to-video" -> {
        if (frame || end || images + videos + audios > 0)
          throw invalid("image_url", "text-to-video takes no images, videos or audio");
      }
      case "image-to-video" -> {
        if (!body.path("image_url").isTextual()) throw invalid("image_url", "field required");
        if (images + videos + audios > 0)
          throw invalid("image_urls", "image-to-video takes only image_url and end_image_url");
      }
      case "reference-to-video" -> {
        if (frame || end)
          throw invalid(
              "image_url", "reference-to-video takes image_urls, video_urls and audio_urls");
        if (images > 9 || videos > 3 || audios > 3 || images + videos + audios > 12)
          throw invalid("image_urls", "at most 9 images, 3 videos and 3 audio files, 12 in all");
        if (audios > 0 && images + videos == 0)
          throw invalid("audio_urls", "audio needs at least one reference image or video");
      }
      default ->
          throw new Rejection(
              404, "not_found", "Application '" + model + "/" + endpoint + "' not found", null);
    }
    if (end && !frame) throw invalid("end_image_url", "needs image_url");
    String resolution = body.path("resolution").asText("720p");
    if (!Set.of("480p", "720p").contains(resolution)) {
      throw invalid(
          "resolution",
          "resolution " + resolution + " is not offered by " + model + ": 480p or 720p");
    }
    SeedanceModel listed = listed(ProviderType.FAL, model);
    int longest = listed == null ? 15 : listed.maxDuration();
    String permitted =
        "value is not a valid enumeration member; permitted: 'auto', '4' ... '" + longest + "'";
    JsonNode durationNode = body.path("duration");
    if (!durationNode.isMissingNode() && !durationNode.isTextual())
      throw invalid("duration", permitted);
    String duration = durationNode.asText("auto");
    if (!duration.equals("auto")
        && (!duration.matches("\\d{1,2}")
            || Integer.parseInt(duration) < 4
            || Integer.parseInt(duration) > longest)) {
      throw invalid("duration", permitted);
    }
    String ratio = body.path("aspect_ratio").asText("auto");
    if (!ratio.equals("auto") && !RATIOS.contains(ratio))
      throw invalid("aspect_ratio", "aspect_ratio " + ratio + " is not supported");
    boolean audio = body.path("generate_audio").asBoolean(true);
    return new CreateSpec(
        model,
        prompt,
        duration.equals("auto") ? 8 : Integer.parseInt(duration),
        resolution,
        ratio,
        body.has("seed") ? body.get("seed").asLong() : null,
        audio,
        false,
        "default",
        null);
  }

  /**
   * The Seedance model a host's id is, by the product's model table; null for an id it does not
   * list.
   */
  static SeedanceModel listed(ProviderType host, String model) {
    return Dialect.of(host).rules().models().stream()
        .filter(m -> m.id().equals(model))
        .map(HostedModel::model)
        .findFirst()
        .orElse(null);
  }

  /**
   * fal's app: the owner and the app, the first two segments of an endpoint id, where its requests
   * live.
   */
  static String falApp(String model) {
    String[] parts = model.split("/");
    return parts.length < 2 ? model : parts[0] + "/" + parts[1];
  }

  /**
   * @param cancelAfter the {@code Cancel-After} header (Replicate's changelog, "Set deadlines for
   *     predictions"), a duration such as {@code 90s}, {@code 5m} or {@code 1h30m}; null when none
   */
  static CreateSpec replicate(JsonNode body, String model, String cancelAfter) throws Rejection {
    if (!REPLICATE_MODELS.contains(model)) {
      throw new Rejection(404, "Not found", "The requested resource could not be found.", null);
    }
    JsonNode input = body.path("input");
    if (!input.isObject())
      throw new Rejection(422, "Input validation failed", "- (root): input is required", null);
    unknownFields(input, REPLICATE_FIELDS, "input");
    String prompt = prompt(input, "input");
    int images = input.path("reference_images").size(),
        videos = input.path("reference_videos").size(),
        audios = input.path("reference_audios").size();
    if (input.has("last_frame_image") && !input.has("image"))
      throw replicateInvalid(
          "last_frame_image: only works if a first frame image is also provided");
    if (input.has("image") && images > 0)
      throw replicateInvalid("image: cannot be combined with reference images");
    if (images > 9 || videos > 3 || audios > 3)
      throw replicateInvalid("reference_images: at most 9 images, 3 videos and 3 audio files");
    if (audios > 0 && images + videos == 0)
      throw replicateInvalid("reference_audios: requires at least one reference image or video");
    int duration = input.path("duration").asInt(5);
    if (duration != -1 && (duration < 4 || duration > 15))
      throw replicateInvalid("duration: must be -1 or 4 to 15");
    String resolution = input.path("resolution").asText("720p");
    if (!Set.of("480p", "720p", "1080p").contains(resolution)
        || (resolution.equals("1080p") && model.endsWith("-fast"))) {
      throw replicateInvalid(
          "resolution: " + resolution + " is not one of the allowed values for " + model);
    }
    String ratio = input.path("aspect_ratio").asText("16:9");
    if (!ratio.equals("adaptive") && !RATIOS.contains(ratio))
      throw replicateInvalid("aspect_ratio: " + ratio + " is not one of the allowed values");
    return new CreateSpec(
        model,
        prompt,
        duration == -1 ? 8 : duration,
        resolution,
        ratio,
        input.has("seed") ? input.get("seed").asLong() : null,
        input.path("generate_audio").asBoolean(true),
        false,
        "default",
        cancelAfter == null ? null : deadline(cancelAfter));
  }

  private static long deadline(String cancelAfter) throws Rejection {
    Matcher part = DURATION_PART.matcher(cancelAfter.trim());
    long seconds = 0;
    int end = 0;
    while (part.find() && part.start() == end) {
      seconds +=
          Long.parseLong(part.group(1))
              * switch (part.group(2)) {
                case "h" -> 3600;
                case "m" -> 60;
                default -> 1;
              };
      end = part.end();
    }
    if (end == 0 || end != cancelAfter.trim().length() || seconds < 5) {
      throw new Rejection(
          400,
          "Invalid Cancel-After",
          "Cancel-After must be a duration of at least 5 seconds, such as 90s or 1h30m, got '"
              + cancelAfter
              + "'",
          null);
    }
    return seconds;
  }

  private static String prompt(JsonNode node, String where) throws Rejection {
    if (!node.path("prompt").isTextual() || node.get("prompt").asText().isBlank()) {
      throw where.equals("input")
          ? replicateInvalid("prompt: prompt is required")
          : invalid("prompt", "field required");
    }
    return node.get("prompt").asText();
  }

  private static void unknownFields(JsonNode node, Set<String> known, String where)
      throws Rejection {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw where.equals("input")
            ? replicateInvalid("input: Additional property " + name + " is not allowed")
            : invalid(name, "extra fields not permitted");
      }
    }
  }

  private static Rejection invalid(String field, String message) {
    return new Rejection(422, "value_error", message, field);
  }

  private static Rejection replicateInvalid(String message) {
    return new Rejection(422, "Input validation failed", "- " + message, null);
  }

  static List<String> falEndpoints() {
    return List.of("text-to-video", "image-to-video", "reference-to-video");
  }
}
