package dev.seedflow.seedance.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Numbers that must be whole: {@code video.duration: 5.5} is refused with a message instead of
 * silently becoming 5 (Jackson's default), whichever mapper binds the variables (the connectors
 * runtime's or the worker's).
 */
final class WholeNumbers {
  private WholeNumbers() {}

  /** A whole number of type {@code T}, converted exactly or refused with a message. */
  private abstract static class Whole<T> extends JsonDeserializer<T> {
    private final Class<T> type;

    Whole(Class<T> type) {
      this.type = type;
    }

    abstract T exact(BigDecimal value);

    @Override
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      BigDecimal value = whole(parser, context, type);
      try {
        return exact(value);
      } catch (ArithmeticException tooLarge) {
        return type.cast(context.handleWeirdNumberValue(type, value, "is too large"));
      }
    }
  }

  static final class IntegerValue extends Whole<Integer> {
    IntegerValue() {
      super(Integer.class);
    }

    @Override
    Integer exact(BigDecimal value) {
      return value.intValueExact();
    }
  }

  static final class LongValue extends Whole<Long> {
    LongValue() {
      super(Long.class);
    }

    @Override
    Long exact(BigDecimal value) {
      return value.longValueExact();
    }
  }

  private static BigDecimal whole(JsonParser parser, DeserializationContext context, Class<?> type)
      throws IOException {
    BigDecimal value;
    if (parser.currentToken() == JsonToken.VALUE_NUMBER_INT
        || parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
      value = parser.getDecimalValue();
    } else if (parser.currentToken() == JsonToken.VALUE_STRING) {
      try {
        value = new BigDecimal(parser.getText().trim());
      } catch (NumberFormatException notANumber) {
        return (BigDecimal)
            context.handleWeirdStringValue(type, parser.getText(), "is not a number");
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
