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
   * @param maxTokens {@code budget.maxTokens}, or null
   * @param maxCost {@code budget.maxCost}, or null
   * @throws SeedanceException SEEDANCE_OVER_BUDGET naming the estimate, the limit and the largest
   *     factor; SEEDANCE_INVALID_INPUT for a money cap on a model without a configured price
   */
  public static void check(
      CostEstimate estimate, String model, Long maxTokens, BigDecimal maxCost) {
    if (maxCost != null && estimate.cost() == null) {
      throw SeedanceException.invalidInput(
          List.of(
              new Problem(
                  "budget.maxCost",
                  "needs a price for model '"
                      + model
                      + "', and none is configured (the setting seedflow.prices); set one, or cap"
                      + " with budget.maxTokens")));
    }
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
