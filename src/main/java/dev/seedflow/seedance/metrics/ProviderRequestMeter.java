package dev.seedflow.seedance.metrics;

import dev.seedflow.seedance.client.ProviderCalls;
import dev.seedflow.seedance.request.ProviderType;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * Counts every HTTP attempt a client makes to a provider as {@code seedflow.provider.requests},
 * tagged by dialect, kind and outcome (docs/metrics.md). The worker and the connector each give
 * their client one on the same registry, so a connectors runtime counts all its requests to the
 * provider in one meter.
 */
public final class ProviderRequestMeter implements ProviderCalls {
  static final String NAME = "seedflow.provider.requests";

  private final MeterRegistry registry;

  public ProviderRequestMeter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void ended(ProviderType dialect, Kind kind, Outcome outcome) {
    registry
        .counter(
            NAME, "dialect", dialect.wireName(), "kind", lower(kind), "outcome", lower(outcome))
        .increment();
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
