package dev.seedflow.seedance.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Turns a provider's error answer into a {@link SeedanceException} with the provider's code and message. */
final class ProviderErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProviderErrors() {}

  static SeedanceException fromAnswer(int httpStatus, String body, String retryAfterHeader, String taskId, Secrets secrets) {
    String providerCode = null;
    String providerMessage = null;
    try {
      JsonNode json = JSON.readTree(body);
      JsonNode error = json.has("error") ? json.get("error") : json;
      if (error.isTextual()) {
        providerMessage = error.asText();
      } else {
        providerCode = textOf(error, "code", "type");
        providerMessage = textOf(error, "message", "msg", "detail");
        String param = textOf(error, "param");
        if (param != null && providerMessage != null && !providerMessage.contains(param)) {
          providerMessage += " (parameter " + param + ")";
        }
      }
    } catch (IOException | RuntimeException notJson) {
      providerMessage = body.isBlank() ? null : SnapshotParser.abbreviate(body.strip());
    }
    ErrorCode code = switch (httpStatus) {
      case 401 -> ErrorCode.AUTH;
      case 403 -> ErrorCode.FORBIDDEN;
      case 404 -> ErrorCode.NOT_FOUND;
      case 429 -> ErrorCode.RATE_LIMITED;
      case 408 -> ErrorCode.PROVIDER_UNAVAILABLE;
      default -> httpStatus >= 500 ? ErrorCode.PROVIDER_UNAVAILABLE : ErrorCode.INVALID_INPUT;
    };
    String what = switch (code) {
      case AUTH -> "the provider rejected the API key";
      case FORBIDDEN -> "the provider refused access";
      case NOT_FOUND -> taskId != null ? "the provider does not know this task" : "the provider does not know this model, endpoint or path";
      case RATE_LIMITED -> "the provider is limiting requests";
      case PROVIDER_UNAVAILABLE -> "the provider failed to answer the request";
      default -> "the provider rejected the request";
    };
    return SeedanceException.of(code, what)
        .httpStatus(httpStatus)
        .providerCode(secrets.redact(providerCode))
        .providerMessage(secrets.redact(providerMessage))
        .retryAfter(retryAfter(retryAfterHeader))
        .taskId(taskId)
        .build();
  }

  /** Retry-After in seconds or as an HTTP date; anything else is ignored. */
  static Duration retryAfter(String header) {
    if (header == null || header.isBlank()) return null;
    String value = header.trim();
    try {
      return Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(value) * 1000)));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
        return until.isNegative() ? Duration.ZERO : until;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  private static String textOf(JsonNode node, String... fields) {
    for (String field : fields) {
      JsonNode value = node.path(field);
      if (value.isValueNode() && !value.asText().isBlank()) return value.asText();
    }
    return null;
  }
}
