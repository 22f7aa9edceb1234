package dev.seedflow.seedance.client.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The error list FastAPI apps answer with, and fal with them (fal, "Model errors"): {@code detail:
 * [{loc: [body, prompt], msg, type}]}. Read in one place, for a refused create and a failed
 * request's result alike.
 */
public final class ValidationDetail {
  private ValidationDetail() {}

  /**
   * The first item's {@code type}, the machine-readable code fal documents (such as {@code
   * content_policy_violation}); null when none.
   */
  public static String firstType(JsonNode detail) {
    if (!detail.isArray()) return null;
    for (JsonNode item : detail) {
      String type = item.path("type").asText("");
      if (!type.isBlank()) return type;
    }
    return null;
  }

  /**
   * Each item as {@code "prompt: msg"}, joined by "; "; a {@code detail} that is one text is that
   * text; null when it holds neither.
   */
  public static String message(JsonNode detail) {
    if (detail.isTextual() && !detail.asText().isBlank()) return detail.asText();
    if (!detail.isArray()) return null;
    List<String> lines = new ArrayList<>();
    for (JsonNode item : detail) {
      List<String> where = new ArrayList<>();
      item.path("loc")
          .forEach(
              part -> {
                if (!part.asText().equals("body")) where.add(part.asText());
              });
      String msg =
          item.path("msg").isValueNode() && !item.path("msg").asText().isBlank()
              ? item.path("msg").asText()
              : item.path("message").asText("");
      if (!msg.isBlank()) lines.add((where.isEmpty() ? "" : String.join(".", where) + ": ") + msg);
    }
    return lines.isEmpty() ? null : String.join("; ", lines);
  }
}
