package dev.seedflow.seedance.cost;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.seedflow.seedance.request.ValidRequest;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The estimate a step carries in its result, computed before anything was paid. {@code cost} and {@code currency}
 * appear only where a price for the model is configured; {@code seconds}, the seconds of video, only where the
 * provider bills per second (Replicate).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CostEstimate(long tokens, BigDecimal cost, String currency, boolean upperBound, boolean bounded, String basis, Double seconds) {

  /** A validated request's estimate, in tokens and, where {@code prices} has its model, in money; nothing is sent. */
  public static CostEstimate of(ValidRequest valid, PriceTable prices) {
    return of(CostEstimator.estimate(valid), prices.forModel(valid.video().model()), valid.rules().billedPerSecond());
  }

  public static CostEstimate of(TokenEstimate tokens, Optional<Price> price, boolean billedPerSecond) {
    return new CostEstimate(tokens.tokens(), price.map(p -> p.of(tokens.tokens(), tokens.seconds())).orElse(null), price.map(Price::currency).orElse(null),
        tokens.upperBound(), tokens.bounded(), tokens.basis(), billedPerSecond || price.filter(p -> p.unit() == Price.Unit.SECOND).isPresent() ? tokens.seconds() : null);
  }
}
