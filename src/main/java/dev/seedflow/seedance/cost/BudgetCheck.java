package dev.seedflow.seedance.cost;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.Problem;
import dev.seedflow.seedance.error.SeedanceException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** Refuses, before anything is paid, a video whose estimate is over the step's budget. */
public final class BudgetCheck {
  private BudgetCheck() {}

  /**
   * A cap in money needs a price for the model: without one it is refused before anything is paid,
   * rather than run uncapped.
   *
   * @param field the money cap ({@code budget.maxCost}, ...)
   * @param instead the cap in tokens to use where no price is configured
   */
  public static void needsAPrice(
      CostEstimate estimate, String model, String field, String instead) {
    if (estimate.cost() != null) return;
    throw SeedanceException.invalidInput(
        List.of(
            new Problem(
                field,
                "needs a price for model '"
                    + model
                    + "', and none is configured (the setting seedflow.prices); set one, or cap"
                    + " with "
                    + instead)));
  }

  /**
   * @param maxTokens {@code budget.maxTokens}, or null
   * @param maxCost {@code budget.maxCost}, or null
   * @throws SeedanceException SEEDANCE_OVER_BUDGET naming the estimate, the limit and the largest
   *     factor; SEEDANCE_INVALID_INPUT for a money cap on a model without a configured price
   */
  public static void check(
      CostEstimate estimate, String model, Long maxTokens, BigDecimal maxCost) {
    if (maxCost != null) needsAPrice(estimate, model, "budget.maxCost", "budget.maxTokens");
    Optional<String> over = Optional.empty();
    if (maxTokens != null && estimate.tokens() > maxTokens) {
      over =
          Optional.of(
              "the estimate of "
                  + String.format("%,d", estimate.tokens())
                  + " tokens is over budget.maxTokens "
                  + String.format("%,d", maxTokens));
    } else if (maxCost != null && estimate.cost().compareTo(maxCost) > 0) {
      over =
          Optional.of(
              "the estimate of "
                  + estimate.cost().toPlainString()
                  + " "
                  + estimate.currency()
                  + " is over budget.maxCost "
                  + maxCost.toPlainString()
                  + " "
                  + estimate.currency()
                  + " at the price "
                  + estimate.price());
    }
    if (over.isPresent()) {
      throw SeedanceException.of(
              ErrorCode.OVER_BUDGET, over.get() + " (" + estimate.basis() + "); nothing was sent")
          .build();
    }
  }
}
