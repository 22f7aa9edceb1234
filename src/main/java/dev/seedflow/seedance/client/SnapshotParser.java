package dev.seedflow.seedance.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.Text;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a task out of any provider's answer. It is tolerant on purpose: gateways wrap the task in
 * {@code data} or {@code items[]}, hide the video URL in half a dozen places and invent status
 * words. Only an answer with no task in it at all is a {@code SEEDANCE_BAD_RESPONSE}.
 */
public final class SnapshotParser {
  /** No provider's clock is past this; a time beyond it is a garbled number. */
  private static final Instant LATEST = Instant.parse("3000-01-01T00:00:00Z");

  private SnapshotParser() {}

  public static TaskSnapshot parse(JsonNode body) {
    JsonNode task = unwrap(body);
    String id = firstText(task, "id", "task_id", "taskId");
    String statusWord = firstText(task, "status", "state", "task_status");
    String rawWord = firstText(task, "raw_status");
    if (id == null && statusWord == null && rawWord == null) {
      throw SeedanceException.of(
              ErrorCode.BAD_RESPONSE, "the provider's answer holds no task (no id and no status)")
          .providerMessage(Text.shown(body.toString(), Text.PROVIDER_TEXT_CHARS))
          .build();
    }
    TaskStatus status = TaskStatus.fromProviderWord(statusWord);
    if (status == TaskStatus.UNKNOWN) {
      status = TaskStatus.fromProviderWord(rawWord);
    }
    String videoUrl =
        firstText(
            task,
            "video_url",
            "result.video_url",
            "result.outputs.0",
            "content.video_url",
            "output.video_url",
            "outputs.0",
            "video.url",
            "url");
    Integer progress = progress(task);
    if (progress == null && status == TaskStatus.SUCCEEDED) {
      progress = 100;
    }
    return new TaskSnapshot(
        id,
        status,
        rawWord != null ? rawWord : statusWord,
        progress,
        videoUrl,
        firstText(task, "content.last_frame_url", "last_frame_url", "result.last_frame_url"),
        firstText(task, "model"),
        firstText(task, "resolution", "quality"),
        firstText(task, "ratio", "aspect_ratio"),
        integer(firstNode(task, "duration", "seconds")),
        longValue(task.path("seed")),
        usage(task.path("usage")),
        status == TaskStatus.SUCCEEDED && videoUrl == null ? noVideo(task) : error(task),
        time(task.path("created_at")),
        time(task.path("updated_at")));
  }

  /**
   * The tasks of a list answer (Ark's {@code items[]}), each read on its own: an item that cannot
   * be read is a {@link ListItem} with its failure, and spoils no other. A single task answer gives
   * a list of one.
   */
  public static List<ListItem> parseList(JsonNode body) {
    JsonNode items = body.has("items") ? body.get("items") : body.path("data").path("items");
    if (!items.isArray()) {
      items = body.path("data");
    }
    List<ListItem> tasks = new ArrayList<>();
    if (!items.isArray()) {
      tasks.add(ListItem.of(body));
    } else {
      items.forEach(item -> tasks.add(ListItem.of(item)));
    }
    return tasks;
  }

  /**
   * One item of a list answer: its task, or why it could not be read.
   *
   * @param id the id the item names, read on its own, so a garbled item can still fail its own
   *     task; null when none
   */
  public record ListItem(String id, TaskSnapshot task, SeedanceException failure) {
    static ListItem of(JsonNode item) {
      String id = item.isObject() ? firstText(item, "id", "task_id", "taskId") : null;
      try {
        return new ListItem(id, parse(item), null);
      } catch (SeedanceException unreadable) {
        return new ListItem(id, null, unreadable);
      } catch (RuntimeException unforeseen) {
        return new ListItem(
            id,
            null,
            SeedanceException.of(
                    ErrorCode.BAD_RESPONSE,
                    "the provider's answer for this task could not be read ("
                        + unforeseen.getClass().getSimpleName()
                        + ")")
                .taskId(id)
                .build());
      }
    }
  }

  private static JsonNode unwrap(JsonNode body) {
    JsonNode node = body;
    for (int depth = 0; depth < 3; depth++) {
      if (node.path("data").isObject() && !node.has("status") && !node.has("id")) {
        node = node.get("data");
      } else if (node.path("data").isArray()
          && !node.path("data").isEmpty()
          && !node.has("status")) {
        node = node.get("data").get(0);
      } else if (node.path("items").isArray()
          && !node.path("items").isEmpty()
          && !node.has("status")) {
        node = node.get("items").get(0);
      } else {
        break;
      }
    }
    return node;
  }

  private static JsonNode firstNode(JsonNode node, String... paths) {
    for (String path : paths) {
      JsonNode found = node;
      for (String part : path.split("\\.")) {
        found =
            part.chars().allMatch(Character::isDigit)
                ? found.path(Integer.parseInt(part))
                : found.path(part);
      }
      if (!found.isMissingNode()
          && !found.isNull()
          && !(found.isTextual() && found.asText().isBlank())) {
        return found;
      }
    }
    return null;
  }

  private static String firstText(JsonNode node, String... paths) {
    JsonNode found = firstNode(node, paths);
    return found != null && found.isValueNode() ? found.asText() : null;
  }

  /**
   * Seconds or milliseconds since 1970 (by their size), as long as they fall before the year 3000.
   */
  private static String epoch(long value) {
    Instant at =
        value > 100_000_000_000L ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    return at.isBefore(LATEST) && value >= 0 ? at.toString() : null;
  }

  private static Integer progress(JsonNode task) {
    JsonNode node = firstNode(task, "progress", "percent");
    if (node == null) return null;
    String text = node.asText().trim().replace("%", "");
    try {
      double value = Double.parseDouble(text);
      // Some gateways report 0..1, most 0..100.
      if (value > 0 && value < 1 && text.contains(".")) value *= 100;
      return (int) Math.max(0, Math.min(100, Math.round(value)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Integer integer(JsonNode node) {
    if (node == null) return null;
    if (node.isNumber()) return node.intValue();
    try {
      return (int) Double.parseDouble(node.asText().trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long longValue(JsonNode node) {
    if (node.isNumber()) return node.longValue();
    if (node.isTextual()) {
      try {
        return Long.parseLong(node.asText().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static TaskSnapshot.Usage usage(JsonNode usage) {
    if (!usage.isObject()) return null;
    return new TaskSnapshot.Usage(
        longValue(usage.path("completion_tokens")), longValue(usage.path("total_tokens")));
  }

  /**
   * A success with no video URL: the dialect's note of what was there instead, or a note that
   * nothing was.
   */
  private static TaskSnapshot.TaskError noVideo(JsonNode task) {
    TaskSnapshot.TaskError noted = error(task);
    return noted != null && Dialect.NO_VIDEO.equals(noted.code())
        ? noted
        : new TaskSnapshot.TaskError(
            Dialect.NO_VIDEO,
            "the answer says succeeded but holds no video URL (content.video_url, video_url, output"
                + " or video.url)");
  }

  private static TaskSnapshot.TaskError error(JsonNode task) {
    JsonNode error = task.path("error");
    if (error.isObject()) {
      String code = firstText(error, "code", "type");
      String message = firstText(error, "message", "msg");
      return code == null && message == null ? null : new TaskSnapshot.TaskError(code, message);
    }
    String message =
        error.isTextual() && !error.asText().isBlank()
            ? error.asText()
            : firstText(task, "fail_reason", "failure_reason", "error_message");
    return message == null
        ? null
        : new TaskSnapshot.TaskError(firstText(task, "error_code"), message);
  }

  /**
   * Unix seconds (or milliseconds) or an ISO string, as an ISO-8601 instant; a number no clock
   * reaches (a 20-digit {@code created_at}) is no time at all.
   */
  private static String time(JsonNode node) {
    if (node.isNumber()) {
      return epoch(node.canConvertToLong() ? node.longValue() : Long.MAX_VALUE);
    }
    if (node.isTextual() && !node.asText().isBlank()) {
      String text = node.asText().trim();
      if (text.chars().allMatch(Character::isDigit)) {
        return epoch(text.length() > 18 ? Long.MAX_VALUE : Long.parseLong(text));
      }
      try {
        return Instant.parse(text).toString();
      } catch (DateTimeParseException e) {
        return text;
      }
    }
    return null;
  }
}
