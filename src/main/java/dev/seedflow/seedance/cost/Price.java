package dev.seedflow.seedance.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a unit of one model's output costs, in one currency: a million output tokens (Ark, fal and
 * the gateways bill tokens) or a second of video (Replicate).
 *
 * @param minTokens the fewest tokens a request with input video is charged (BytePlus's minimum
 *     charge), or 0
 */
public record Price(BigDecimal amount, String currency, Unit unit, long minTokens) {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  /** What {@link #amount} is paid for. */
  public enum Unit {
    MILLION_TOKENS,
    SECOND
  }

  /** The money for a video of this many tokens and seconds, to the cent's hundredth. */
  public BigDecimal of(long tokens, double seconds) {
    BigDecimal money =
        unit == Unit.SECOND
            ? amount.multiply(BigDecimal.valueOf(seconds))
            : amount.multiply(BigDecimal.valueOf(tokens)).divide(MILLION, 4, RoundingMode.HALF_UP);
    return money.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
  }

  @Override
  public String toString() {
    return amount.toPlainString()
        + " "
        + currency
        + (unit == Unit.SECOND ? "/s" : "")
        + (minTokens > 0 ? " min " + minTokens : "");
  }
}
