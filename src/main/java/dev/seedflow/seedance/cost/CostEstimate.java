package dev.seedflow.seedance.cost;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.seedflow.seedance.request.ValidRequest;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Optional;

/**
 * The estimate a step carries in its result, computed before anything was paid. {@code cost},
 * {@code currency} and {@code price} (the price row it used) appear only where a price for the
 * model is known; {@code seconds}, the seconds of video, only where the provider bills per second
 * (Replicate).
 *
 * @param row the price row used, which also prices the finished task's own usage; null where none
 *     is known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CostEstimate(
    long tokens,
    BigDecimal cost,
    String currency,
    boolean upperBound,
    String basis,
    Double seconds,
    @JsonIgnore PriceTable.Row row) {

  /**
   * A validated request's estimate, in tokens and, where {@code prices} has a row for it, in money;
   * nothing is sent.
   */
  public static CostEstimate of(ValidRequest valid, PriceTable prices) {
    TokenEstimate tokens = CostEstimator.estimate(valid);
    return of(tokens, priceRow(valid, tokens, prices), valid.rules().billedPerSecond());
  }

  /**
   * The row of the request's model; for a model id the table does not list and no row names, the
   * dearest row of the host's listed models, so a money cap is never passed by a model the price
   * table does not know.
   */
  private static Optional<PriceTable.Row> priceRow(
      ValidRequest valid, TokenEstimate tokens, PriceTable prices) {
    Optional<PriceTable.Row> own =
        prices.forVideo(valid.video().model(), tokens.resolution(), tokens.videoInput());
    if (own.isPresent() || valid.facts().listed()) return own;
    return valid.rules().documentedModels().stream()
        .flatMap(id -> prices.forVideo(id, tokens.resolution(), tokens.videoInput()).stream())
        .filter(
            row ->
                row.price().unit() == Price.Unit.MILLION_TOKENS || valid.rules().billedPerSecond())
        .max(Comparator.comparing(row -> row.price().amount()));
  }

  static CostEstimate of(
      TokenEstimate estimate, Optional<PriceTable.Row> row, boolean billedPerSecond) {
    long tokens = estimate.tokens();
    String basis = estimate.basis();
    long minimum =
        row.filter(r -> estimate.videoInput()).map(r -> r.price().minTokens()).orElse(0L);
    if (minimum > tokens) {
      tokens = minimum;
      basis =
          basis
              + "; counted as the minimum charge with input video, "
              + String.format("%,d", minimum)
              + " tokens";
    }
    long counted = tokens;
    Optional<Price> price = row.map(PriceTable.Row::price);
    return new CostEstimate(
        tokens,
        price.map(p -> p.of(counted, estimate.seconds())).orElse(null),
        price.map(Price::currency).orElse(null),
        estimate.upperBound(),
        basis,
        billedPerSecond || price.filter(p -> p.unit() == Price.Unit.SECOND).isPresent()
            ? estimate.seconds()
            : null,
        row.orElse(null));
  }

  /**
   * The price row the estimate used, as {@code seedflow.prices} writes it: {@code
   * dreamina-seedance-2-0-260128@1080p=7.7 USD}.
   */
  @JsonProperty("price")
  public String price() {
    return row == null ? null : row.toString();
  }
}
