package dev.seedflow.seedance.cost;

import dev.seedflow.seedance.client.TaskSnapshot;
import java.math.BigDecimal;
import java.util.Optional;

/** What a finished task cost, from the provider's own {@code usage}, where a price for its model is configured. */
public record Cost(BigDecimal amount, String currency) {

  public static Optional<Cost> of(TaskSnapshot task, PriceTable prices) {
    if (task.usage() == null) return Optional.empty();
    Long tokens = task.usage().completionTokens() != null ? task.usage().completionTokens() : task.usage().totalTokens();
    if (tokens == null) return Optional.empty();
    return prices.forModel(task.model()).map(price -> new Cost(price.of(tokens), price.currency()));
  }
}
