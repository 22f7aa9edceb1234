package dev.seedflow.seedance.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.client.dialect.ValidationDetail;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Turns a provider's error answer into a {@link SeedanceException} with the provider's code and
 * message.
 */
final class ProviderErrors {

  private ProviderErrors() {}

  static SeedanceException fromAnswer(
      int httpStatus,
      String body,
      String retryAfterHeader,
      Duration retryAfterCap,
      String taskId,
      Secrets secrets) {
    String providerCode = null;
    String providerMessage = null;
    try {
      JsonNode json = ProviderJson.read(body);
      JsonNode error = json.has("error") ? json.get("error") : json;
      if (error.isTextual()) {
        providerMessage = error.asText();
      } else {
        providerCode = textOf(error, "code", "type", "error_type", "title");
        if (providerCode == null) providerCode = ValidationDetail.firstType(error.path("detail"));
        providerMessage = textOf(error, "message", "msg");
        if (providerMessage == null)
          providerMessage = ValidationDetail.message(error.path("detail"));
        String param = textOf(error, "param");
        if (param != null && providerMessage != null && !providerMessage.contains(param)) {
          providerMessage += " (parameter " + param + ")";
        }
      }
    } catch (IOException | RuntimeException notJson) {
      providerMessage = body.isBlank() ? null : body.strip();
    }
    ErrorCode code =
        switch (httpStatus) {
          case 401 -> ErrorCode.AUTH;
          case 403 -> ErrorCode.FORBIDDEN;
          case 404 -> ErrorCode.NOT_FOUND;
          case 429 -> ErrorCode.RATE_LIMITED;
          case 408 -> ErrorCode.PROVIDER_UNAVAILABLE;
          default -> httpStatus >= 500 ? ErrorCode.PROVIDER_UNAVAILABLE : ErrorCode.INVALID_INPUT;
        };
    String what =
        switch (code) {
          case AUTH -> "the provider rejected the API key";
          case FORBIDDEN -> "the provider refused access";
          case NOT_FOUND ->
              taskId != null
                  ? "the provider does not know this task"
                  : "the provider does not know this model, endpoint or path";
          case RATE_LIMITED -> "the provider is limiting requests";
          case PROVIDER_UNAVAILABLE -> "the provider failed to answer the request";
          default -> "the provider rejected the request";
        };
    return SeedanceException.of(code, what)
        .httpStatus(httpStatus)
        .providerCode(secrets.quote(providerCode))
        .providerMessage(secrets.quote(providerMessage))
        .retryAfter(retryAfter(retryAfterHeader, retryAfterCap))
        .taskId(taskId)
        .build();
  }

  /** Retry-After in seconds or as an HTTP date, at most {@code cap}; anything else is ignored. */
  static Duration retryAfter(String header, Duration cap) {
    if (header == null || header.isBlank()) return null;
    String value = header.trim();
    Duration asked;
    try {
      double seconds = Double.parseDouble(value);
      if (Double.isNaN(seconds)) return null;
      asked =
          seconds >= cap.toSeconds() + 1
              ? cap
              : Duration.ofMillis(Math.max(0, Math.round(seconds * 1000)));
    } catch (NumberFormatException notSeconds) {
      try {
        asked =
            Duration.between(
                ZonedDateTime.now(),
                ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
      } catch (DateTimeParseException | ArithmeticException notADate) {
        return null;
      }
    }
    if (asked.isNegative()) return Duration.ZERO;
    return asked.compareTo(cap) > 0 ? cap : asked;
  }

  private static String textOf(JsonNode node, String... fields) {
    for (String field : fields) {
      JsonNode value = node.path(field);
      if (value.isValueNode() && !value.asText().isBlank()) return value.asText();
    }
    return null;
  }
}
