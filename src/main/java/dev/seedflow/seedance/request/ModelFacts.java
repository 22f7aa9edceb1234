package dev.seedflow.seedance.request;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a model id tells about the model. Unknown ids (custom endpoints) reveal nothing and are not restricted. */
public final class ModelFacts {
  private static final Pattern RESOLUTION_SUFFIX = Pattern.compile("-(480p|720p|1080p|4k)$", Pattern.CASE_INSENSITIVE);

  private ModelFacts() {}

  /**
   * Seedance 2.0 family, in the Ark spelling ({@code seedance-2-0}), the gateway spelling ({@code seedance2.0}) or the
   * hosts' ({@code bytedance/seedance-2.0}).
   */
  public static boolean isSeedance2(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    return m.contains("seedance-2-0") || m.contains("seedance2.0") || m.contains("dance2.0") || m.contains("seedance-2.0");
  }

  /** The quicker, cheaper tiers, which make no 1080p: fast, and mini (fal's Seedance 2.0 mini page: 480p and 720p). */
  public static boolean isFast(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    return m.contains("fast") || m.contains("mini");
  }

  /** Gateways lock the resolution into the model name, for example {@code seedance2.0-720p}. */
  public static Optional<String> lockedResolution(String model) {
    Matcher m = RESOLUTION_SUFFIX.matcher(model);
    return m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
  }
}
