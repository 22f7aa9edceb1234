package dev.seedflow.seedance.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Numbers that must be whole: {@code video.duration: 5.5} is refused with a message instead of silently becoming 5
 * (Jackson's default), whichever mapper binds the variables (the connectors runtime's or the worker's).
 */
final class WholeNumbers {
  private WholeNumbers() {}

  static final class IntegerValue extends JsonDeserializer<Integer> {
    @Override
    public Integer deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      BigDecimal value = whole(parser, context, Integer.class);
      try {
        return value.intValueExact();
      } catch (ArithmeticException tooLarge) {
        return (Integer) context.handleWeirdNumberValue(Integer.class, value, "is too large");
      }
    }
  }

  static final class LongValue extends JsonDeserializer<Long> {
    @Override
    public Long deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      BigDecimal value = whole(parser, context, Long.class);
      try {
        return value.longValueExact();
      } catch (ArithmeticException tooLarge) {
        return (Long) context.handleWeirdNumberValue(Long.class, value, "is too large");
      }
    }
  }

  private static BigDecimal whole(JsonParser parser, DeserializationContext context, Class<?> type) throws IOException {
    BigDecimal value;
    if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT || parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
      value = parser.getDecimalValue();
    } else if (parser.currentToken() == JsonToken.VALUE_STRING) {
      try {
        value = new BigDecimal(parser.getText().trim());
      } catch (NumberFormatException notANumber) {
        return (BigDecimal) context.handleWeirdStringValue(type, parser.getText(), "is not a number");
      }
    } else {
      return (BigDecimal) context.handleUnexpectedToken(type, parser);
    }
    if (value.stripTrailingZeros().scale() > 0) {
      context.handleWeirdNumberValue(type, value, "must be a whole number");
    }
    return value;
  }
}
