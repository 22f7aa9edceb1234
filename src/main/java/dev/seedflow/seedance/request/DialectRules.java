package dev.seedflow.seedance.request;

import java.util.List;
import java.util.Set;

/**
 * What one dialect accepts, as its documents say. Each dialect of the client declares its own, beside the body it
 * sends. Where two documents of the same dialect disagree, the wider rule is taken (and docs/validation.md says so):
 * for example the gateways allow any seed, Ark only [-1, 2^32-1].
 */
public record DialectRules(
    ProviderType type,
    List<String> documentedModels,
    Set<Mode> modes,
    Set<Option> options,
    int minDuration,
    int maxDuration,
    boolean modelMayChooseDuration,
    Integer defaultDuration,
    List<String> aspectRatios,
    List<String> resolutions,
    boolean resolutionFromModelName,
    long minSeed,
    long maxSeed,
    long minExecutionExpiresAfter,
    long maxExecutionExpiresAfter,
    List<String> serviceTiers,
    boolean promptAlwaysRequired) {

  /** "auto" and "adaptive" are the same request spelled two ways; each dialect is sent its own word. */
  public String aspectRatioFor(String requested) {
    if (requested == null) return null;
    if (requested.equals("auto") || requested.equals("adaptive")) {
      return aspectRatios.contains("auto") ? "auto" : "adaptive";
    }
    return requested;
  }
}
