package dev.seedflow.seedance.request;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one dialect accepts, as its documents say. Where two documents of the same dialect disagree, the wider
 * rule is taken (and the README says so): for example the gateways allow any seed, Ark only [-1, 2^32-1].
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

  private static final List<String> ARK_RATIOS = List.of("16:9", "4:3", "1:1", "3:4", "9:16", "21:9", "adaptive");
  private static final List<String> UNIFIED_RATIOS = List.of("auto", "21:9", "16:9", "4:3", "1:1", "3:4", "9:16");
  private static final List<String> GATEWAY_MODELS = List.of(
      "seedance2.0-480p", "seedance2.0-720p", "seedance2.0-1080p", "seedance2.0-4k", "seedance2.0-fast-480p",
      "seedance2.0-fast-720p", "seedance2.0-mini-480p", "seedance2.0-mini-720p");
  private static final Set<Option> GATEWAY_OPTIONS = EnumSet.of(
      Option.RESOLUTION, Option.ASPECT_RATIO, Option.DURATION, Option.FRAMES, Option.SEED, Option.WATERMARK,
      Option.GENERATE_AUDIO, Option.CAMERA_FIXED, Option.RETURN_LAST_FRAME, Option.DRAFT, Option.SERVICE_TIER,
      Option.EXECUTION_EXPIRES_AFTER);
  private static final long MAX_UINT32 = 4_294_967_295L;

  public static final DialectRules ARK = new DialectRules(
      ProviderType.ARK,
      List.of("dreamina-seedance-2-0-260128", "dreamina-seedance-2-0-fast-260128",
          "doubao-seedance-2-0-260128", "doubao-seedance-2-0-fast-260128"),
      EnumSet.allOf(Mode.class),
      EnumSet.allOf(Option.class),
      4, 15, true, null,
      ARK_RATIOS,
      List.of("480p", "720p", "1080p"), false,
      -1, MAX_UINT32,
      3600, 259_200,
      List.of("default", "flex"),
      false);

  public static final DialectRules UNIFIED = new DialectRules(
      ProviderType.UNIFIED,
      GATEWAY_MODELS,
      EnumSet.complementOf(EnumSet.of(Mode.DRAFT)),
      GATEWAY_OPTIONS,
      4, 15, false, 5,
      UNIFIED_RATIOS,
      List.of(), true,
      Long.MIN_VALUE, Long.MAX_VALUE,
      1, Long.MAX_VALUE,
      List.of(),
      false);

  /** Seeds 002 and 003: duration 5 to 15, three aspect ratios, and the prompt required in every mode. */
  public static final DialectRules UNIFIED_LEGACY = new DialectRules(
      ProviderType.UNIFIED_LEGACY,
      GATEWAY_MODELS,
      EnumSet.complementOf(EnumSet.of(Mode.DRAFT)),
      GATEWAY_OPTIONS,
      5, 15, false, 5,
      List.of("16:9", "9:16", "1:1"),
      List.of(), true,
      Long.MIN_VALUE, Long.MAX_VALUE,
      1, Long.MAX_VALUE,
      List.of(),
      true);

  /** Seed 004: prompt required; only the options it names (ratio, duration, resolution, audio, watermark). */
  public static final DialectRules OPENAI_COMPATIBLE = new DialectRules(
      ProviderType.OPENAI_COMPATIBLE,
      List.of("doubao-seedance-2-0-260128", "doubao-seedance-2-0-fast-260128"),
      EnumSet.of(Mode.TEXT_TO_VIDEO, Mode.IMAGE_TO_VIDEO, Mode.FIRST_LAST_FRAME, Mode.REFERENCE),
      EnumSet.of(Option.RESOLUTION, Option.ASPECT_RATIO, Option.DURATION, Option.WATERMARK, Option.GENERATE_AUDIO),
      4, 15, false, null,
      ARK_RATIOS,
      List.of("480p", "720p", "1080p"), false,
      -1, MAX_UINT32,
      1, Long.MAX_VALUE,
      List.of(),
      true);

  public static DialectRules of(ProviderType type) {
    return switch (type) {
      case ARK -> ARK;
      case UNIFIED -> UNIFIED;
      case UNIFIED_LEGACY -> UNIFIED_LEGACY;
      case OPENAI_COMPATIBLE -> OPENAI_COMPATIBLE;
    };
  }

  /** "auto" and "adaptive" are the same request spelled two ways; each dialect is sent its own word. */
  public String aspectRatioFor(String requested) {
    if (requested == null) return null;
    if (requested.equals("auto") || requested.equals("adaptive")) {
      return aspectRatios.contains("auto") ? "auto" : "adaptive";
    }
    return requested;
  }
}
