package dev.seedflow.seedance.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;

/** How each dialect shows a task, with each dialect's own status words and field places. */
final class TaskViews {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private TaskViews() {}

  static ObjectNode render(
      SimulatedTask task, SimulatedTask.Reading reading, Instant now, String statusOverride) {
    return switch (task.dialect) {
      case ARK -> ark(task, reading, now, statusOverride);
      case UNIFIED, UNIFIED_LEGACY -> gateway(task, reading, now, statusOverride);
      case OPENAI_COMPATIBLE -> {
        ObjectNode list = JSON.objectNode();
        list.putArray("items").add(openAi(task, reading, now, statusOverride));
        yield list;
      }
      case FAL -> falStatus(task, reading, statusOverride);
      case REPLICATE -> replicate(task, reading, now, statusOverride);
    };
  }

  /**
   * fal's queue status: {@code IN_QUEUE} with the position, {@code IN_PROGRESS}, then {@code
   * COMPLETED} however the request ended (its result says how), with the request's own URLs, which
   * leave the mode out.
   */
  static ObjectNode falStatus(
      SimulatedTask task, SimulatedTask.Reading reading, String statusOverride) {
    String word =
        switch (reading.state()) {
          case QUEUED -> "IN_QUEUE";
          case RUNNING -> "IN_PROGRESS";
          default -> "COMPLETED";
        };
    ObjectNode node = falUrls(task).put("status", statusOverride != null ? statusOverride : word);
    if (reading.state() == SimulatedTask.State.QUEUED) node.put("queue_position", 0);
    return node;
  }

  /**
   * A fal submit's answer and a status's links: {@code
   * /<owner>/<app>/requests/<id>[/status|/cancel]}.
   */
  static ObjectNode falUrls(SimulatedTask task) {
    String request = apiBase(task) + "/" + HostChecks.falApp(task.model) + "/requests/" + task.id;
    return JSON.objectNode()
        .put("request_id", task.id)
        .put("response_url", request)
        .put("status_url", request + "/status")
        .put("cancel_url", request + "/cancel");
  }

  /** fal's result of a request that succeeded: the video as a file, and the seed. */
  static ObjectNode falResult(SimulatedTask task, Instant now) {
    ObjectNode node = JSON.objectNode();
    node.putObject("video")
        .put("url", videoUrl(task, now))
        .put("content_type", "video/mp4")
        .put("file_name", task.id + ".mp4");
    return node.put("seed", task.seed);
  }

  /**
   * fal's webhook body (fal, "Webhooks"): {@code status: OK} with the result as {@code payload}, or
   * {@code ERROR} with the error's form (model or request error) as {@code payload}, as the result
   * read would answer it.
   */
  static ObjectNode falWebhook(SimulatedTask task, SimulatedTask.Reading reading, Instant now) {
    ObjectNode node =
        JSON.objectNode().put("request_id", task.id).put("gateway_request_id", task.id);
    switch (reading.state()) {
      case SUCCEEDED -> node.put("status", "OK").set("payload", falResult(task, now));
      case FAILED -> {
        String code = task.script.failureCode();
        boolean requestError = SeedanceSimulator.FAL_REQUEST_ERRORS.containsKey(code);
        node.put("status", "ERROR")
            .put(
                "error",
                "Invalid status code: "
                    + (requestError ? SeedanceSimulator.FAL_REQUEST_ERRORS.get(code) : 422))
            .set(
                "payload",
                requestError
                    ? error(WireFormat.FAL, 503, code, "Runner failed: " + code, null)
                    : falModelError(code, failureMessage(task, reading)));
      }
      case EXPIRED ->
          node.put("status", "ERROR")
              .put("error", "Invalid status code: 504")
              .set(
                  "payload",
                  error(
                      WireFormat.FAL, 504, "request_timeout", failureMessage(task, reading), null));
      case CANCELLED ->
          node.put("status", "ERROR")
              .put("error", "Invalid status code: 400")
              .set(
                  "payload",
                  error(WireFormat.FAL, 400, "request_cancelled", "Request was cancelled", null));
      default -> node.put("status", "IN_PROGRESS");
    }
    return node;
  }

  /**
   * fal's model-error form (fal, "Model errors"): {@code detail: [{loc, msg, type, url}]}, the type
   * being the code.
   */
  static ObjectNode falModelError(String type, String message) {
    ObjectNode node = JSON.objectNode();
    ObjectNode item = node.putArray("detail").addObject();
    item.putArray("loc").add("body");
    item.put("msg", message).put("type", type).put("url", "https://docs.fal.ai/errors#" + type);
    return node;
  }

  /**
   * Replicate's prediction: {@code starting}, {@code processing}, then {@code succeeded} with
   * {@code output}, {@code failed} with {@code error}, {@code canceled}, or {@code aborted} when
   * its deadline passed before it ran.
   */
  static ObjectNode replicate(
      SimulatedTask task, SimulatedTask.Reading reading, Instant now, String statusOverride) {
    String word =
        switch (reading.state()) {
          case QUEUED -> "starting";
          case RUNNING -> "processing";
          case SUCCEEDED -> "succeeded";
          case FAILED -> "failed";
          case EXPIRED -> "aborted";
          case CANCELLED -> "canceled";
        };
    ObjectNode node =
        JSON.objectNode()
            .put("id", task.id)
            .put("model", task.model)
            .put("version", "hidden")
            .put("status", statusOverride != null ? statusOverride : word)
            .put("created_at", task.createdAt.toString());
    String base = apiBase(task) + "/v1/predictions/" + task.id;
    node.putObject("urls").put("get", base).put("cancel", base + "/cancel");
    node.putObject("input")
        .put("prompt", "(as sent)")
        .put("seed", task.seed)
        .put("duration", task.durationSeconds)
        .put("resolution", task.resolution)
        .put("aspect_ratio", task.ratio);
    if (reading.state() == SimulatedTask.State.SUCCEEDED) {
      node.put("output", videoUrl(task, now)).put("completed_at", task.updatedAt(now).toString());
    } else {
      node.putNull("output");
    }
    if (reading.state() == SimulatedTask.State.FAILED) {
      node.put("error", failureMessage(task, reading));
    } else {
      node.putNull("error");
    }
    return node;
  }

  /**
   * The simulator's own address, where a host's answer points its links: the task's media base
   * without the media path.
   */
  private static String apiBase(SimulatedTask task) {
    return task.mediaBase.substring(0, task.mediaBase.length() - SimulatedMedia.PATH.length());
  }

  /** Why a task failed or expired, in words. */
  static String failureMessage(SimulatedTask task, SimulatedTask.Reading reading) {
    return reading.state() == SimulatedTask.State.EXPIRED
        ? "The task did not finish within its execution_expires_after of "
            + task.executionExpiresAfter
            + " s."
        : "The request failed because the output video may contain sensitive information ("
            + task.script.failureCode()
            + ").";
  }

  static ObjectNode ark(
      SimulatedTask task, SimulatedTask.Reading reading, Instant now, String statusOverride) {
    ObjectNode node = JSON.objectNode();
    node.put("id", task.id)
        .put("model", task.model)
        .put(
            "status",
            statusOverride != null
                ? statusOverride
                : reading.state().name().toLowerCase(Locale.ROOT));
    putError(node, task, reading);
    node.put("created_at", task.createdAt.getEpochSecond())
        .put("updated_at", task.updatedAt(now).getEpochSecond());
    if (reading.state() == SimulatedTask.State.SUCCEEDED) {
      ObjectNode content = node.putObject("content").put("video_url", videoUrl(task, now));
      if (task.returnLastFrame) content.put("last_frame_url", lastFrameUrl(task, now));
      node.putObject("usage")
          .put("completion_tokens", task.completionTokens())
          .put("total_tokens", task.completionTokens());
    }
    node.put("seed", task.seed)
        .put("resolution", task.resolution)
        .put("ratio", task.ratio)
        .put("duration", task.durationSeconds)
        .put("framespersecond", 24)
        .put("generate_audio", task.generateAudio)
        .put("service_tier", task.serviceTier)
        .put("execution_expires_after", task.executionExpiresAfter);
    return node;
  }

  /**
   * The unified create-task document section 10 and the response examples of the unified and legacy
   * create-task documents and the UniAll overview.
   */
  static ObjectNode gateway(
      SimulatedTask task, SimulatedTask.Reading reading, Instant now, String statusOverride) {
    ObjectNode node = JSON.objectNode();
    String[] words =
        switch (reading.state()) {
          case QUEUED -> new String[] {"queued", "PENDING"};
          case RUNNING -> new String[] {"processing", "RUNNING"};
          case SUCCEEDED -> new String[] {"completed", "COMPLETED"};
          case FAILED -> new String[] {"failed", "FAILURE"};
          case CANCELLED -> new String[] {"cancelled", "CANCELLED"};
          case EXPIRED -> new String[] {"expired", "EXPIRED"};
        };
    node.put("id", task.id)
        .put("task_id", task.id)
        .put("object", "video.generation.job")
        .put("model", task.model)
        .put("status", statusOverride != null ? statusOverride : words[0])
        .put(
            "raw_status",
            statusOverride != null ? statusOverride.toUpperCase(Locale.ROOT) : words[1])
        .put("progress", reading.progress())
        .put("created_at", task.createdAt.getEpochSecond());
    if (reading.state() == SimulatedTask.State.SUCCEEDED) {
      String url = videoUrl(task, now);
      node.put("video_url", url);
      ObjectNode result = node.putObject("result");
      result.putArray("outputs").add(url);
      result.put("video_url", url);
    } else {
      node.putNull("video_url");
    }
    putError(node, task, reading);
    return node;
  }

  /**
   * OpenAI video object words (queued, in_progress, completed, failed), the OpenAI-compatible
   * document's {@code content.video_url}.
   */
  static ObjectNode openAi(
      SimulatedTask task, SimulatedTask.Reading reading, Instant now, String statusOverride) {
    ObjectNode node = JSON.objectNode();
    String word =
        switch (reading.state()) {
          case QUEUED -> "queued";
          case RUNNING -> "in_progress";
          case SUCCEEDED -> "completed";
          case FAILED -> "failed";
          case CANCELLED -> "cancelled";
          case EXPIRED -> "expired";
        };
    node.put("id", task.id)
        .put("object", "video")
        .put("model", task.model)
        .put("status", statusOverride != null ? statusOverride : word)
        .put("progress", reading.progress())
        .put("seconds", String.valueOf(task.durationSeconds))
        .put("ratio", task.ratio)
        .put("created_at", task.createdAt.getEpochSecond());
    if (reading.state() == SimulatedTask.State.SUCCEEDED) {
      node.putObject("content").put("video_url", videoUrl(task, now));
    }
    putError(node, task, reading);
    return node;
  }

  private static void putError(ObjectNode node, SimulatedTask task, SimulatedTask.Reading reading) {
    switch (reading.state()) {
      case FAILED ->
          node.putObject("error")
              .put("code", task.script.failureCode())
              .put("message", failureMessage(task, reading));
      case EXPIRED ->
          node.putObject("error")
              .put("code", "TaskExpired")
              .put("message", failureMessage(task, reading));
      default -> node.putNull("error");
    }
  }

  /**
   * Shaped like a TOS pre-signed URL that expires 24 hours after the video is made, on the
   * simulator's own address.
   */
  /** The video's URL; null for a task scripted to succeed without one. */
  static String videoUrl(SimulatedTask task, Instant now) {
    if (task.script.outcome() == TaskScript.Outcome.SUCCEED_WITHOUT_VIDEO) return null;
    String suffix =
        task.outputFormat.equals("mov")
            ? SimulatedMedia.MOV
            : SimulatedMedia.videoSuffix(task.script.videoBytes());
    return SimulatedMedia.url(
        task.mediaBase, task.model + "/" + task.id + suffix, task.updatedAt(now));
  }

  static String lastFrameUrl(SimulatedTask task, Instant now) {
    return SimulatedMedia.url(
        task.mediaBase, task.model + "/" + task.id + "-last-frame.png", task.updatedAt(now));
  }

  /**
   * An error answer in the dialect's shape: Ark's and the gateways' {@code error: {code, message}},
   * fal's {@code detail} (a list of {@code {loc, msg, type}} for a field), Replicate's problem
   * details {@code {title, detail, status}}.
   */
  static ObjectNode error(
      WireFormat dialect, int status, String code, String message, String param) {
    ObjectNode node = JSON.objectNode();
    if (dialect == WireFormat.FAL) {
      if (param == null) return node.put("detail", message).put("error_type", code);
      ObjectNode item = node.putArray("detail").addObject();
      item.putArray("loc").add("body").add(param);
      item.put("msg", message).put("type", code);
      return node;
    }
    if (dialect == WireFormat.REPLICATE) {
      return node.put("title", code).put("detail", message).put("status", status);
    }
    ObjectNode error = node.putObject("error").put("code", code).put("message", message);
    if (dialect == WireFormat.ARK) {
      error
          .put("param", param == null ? "" : param)
          .put(
              "type",
              status >= 500 ? "ServerError" : status == 401 ? "Unauthorized" : "BadRequest");
    }
    return node;
  }
}
