package dev.seedflow.seedance.request;

/**
 * One model id a host documents, in the host's own spelling, and the Seedance model it is. Each
 * dialect lists its own in its {@link DialectRules}; together they are the one table of models that
 * validation, the templates' dropdowns (tied by a test), estimates, the list prices,
 * docs/validation.md and the simulator read. An id not listed is not refused where the host may
 * serve it (an Ark endpoint {@code ep-...}): {@link ModelFacts} gives it the host's limits.
 *
 * @param lockedResolution the resolution the id fixes (the gateways' {@code seedance2.0-720p}), or
 *     null
 */
public record HostedModel(String id, SeedanceModel model, String lockedResolution) {

  /** An id that takes its resolution from the request. */
  public static HostedModel of(String id, SeedanceModel model) {
    return new HostedModel(id, model, null);
  }
}
