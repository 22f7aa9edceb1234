package dev.seedflow.seedance.cost;

import dev.seedflow.seedance.client.TaskSnapshot;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What a finished task cost, from the provider's own {@code usage.completion_tokens}, at a known
 * price.
 */
public record Cost(BigDecimal amount, String currency) {

  /**
   * At the row its estimate used (which knows the request's input videos); where nothing was
   * estimated (an await), at the row of the task's model and resolution without input video.
   */
  public static Optional<Cost> of(TaskSnapshot task, CostEstimate estimate, PriceTable prices) {
    Optional<Price> price =
        estimate != null && estimate.row() != null
            ? Optional.of(estimate.row().price())
            : prices.forVideo(task.model(), task.resolution(), false).map(PriceTable.Row::price);
    return price.flatMap(
        p -> {
          if (p.unit() == Price.Unit.SECOND) {
            return Optional.ofNullable(task.duration())
                .map(seconds -> new Cost(p.of(0, seconds), p.currency()));
          }
          Long tokens =
              task.usage() == null
                  ? null
                  : task.usage().completionTokens() != null
                      ? task.usage().completionTokens()
                      : task.usage().totalTokens();
          return Optional.ofNullable(tokens).map(used -> new Cost(p.of(used, 0), p.currency()));
        });
  }
}
