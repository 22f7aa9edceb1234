package dev.seedflow.seedance.cost;

import dev.seedflow.seedance.client.TaskSnapshot;
import java.math.BigDecimal;
import java.util.Optional;

/** What a finished task cost, from the provider's own {@code usage}, where a price for its model is configured. */
public record Cost(BigDecimal amount, String currency) {

  public static Optional<Cost> of(TaskSnapshot task, PriceTable prices) {
    return prices.forModel(task.model()).flatMap(price -> {
      if (price.unit() == Price.Unit.SECOND) {
        return Optional.ofNullable(task.duration()).map(seconds -> new Cost(price.of(0, seconds), price.currency()));
      }
      Long tokens = task.usage() == null ? null
          : task.usage().completionTokens() != null ? task.usage().completionTokens() : task.usage().totalTokens();
      return Optional.ofNullable(tokens).map(used -> new Cost(price.of(used, 0), price.currency()));
    });
  }
}
