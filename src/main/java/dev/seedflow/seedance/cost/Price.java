package dev.seedflow.seedance.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** What a million output tokens of one model cost, in one currency. */
public record Price(BigDecimal perMillionTokens, String currency) {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /** The money for this many tokens, to the cent's hundredth. */
  public BigDecimal of(long tokens) {
    return perMillionTokens.multiply(BigDecimal.valueOf(tokens)).divide(MILLION, 4, RoundingMode.HALF_UP).stripTrailingZeros();
  }
}
