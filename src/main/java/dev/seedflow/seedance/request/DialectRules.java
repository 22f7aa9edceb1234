package dev.seedflow.seedance.request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one dialect's API accepts, as its documents say, for any model it serves; what each model
 * takes within that is in {@link #models()} ({@link ModelFacts} joins the two). Each dialect of the
 * client declares its own, beside the body it sends. Where two documents of the same dialect
 * disagree, the wider rule is taken (and docs/validation.md says so): for example the gateways
 * allow any seed, Ark only [-1, 2^32-1]. A dialect writes its rules by name ({@link #of}), so no
 * value can land in another's place.
 *
 * @param frameCounts the frame counts the API documents, or null where it passes any positive count
 *     on
 * @param billedPerSecond whether the provider bills per second of video (Replicate) rather than per
 *     token
 * @param modelIds the shape of the model ids the API serves, where it is knowable (a host's model
 *     id is a path, an Ark model id never holds one), or null where any id may be a model
 */
public record DialectRules(
    ProviderType type,
    List<HostedModel> models,
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
    boolean promptAlwaysRequired,
    FrameCounts frameCounts,
    boolean billedPerSecond,
    ModelIds modelIds) {

  /**
   * 2^32 - 1: the largest seed Ark and the OpenAI-compatible API take, and the largest the client
   * picks for any dialect.
   */
  public static final long UINT32_MAX = 4_294_967_295L;

  /**
   * The frame counts an API takes, where it documents them: {@code first}, then every {@code
   * step}th up to {@code last}. Where it does not (null), any positive count is passed on.
   */
  public record FrameCounts(int first, int last, int step) {
    public boolean allow(int frames) {
      return frames >= first && frames <= last && (frames - first) % step == 0;
    }

    @Override
    public String toString() {
      return first + " to " + last + " in steps of " + step;
    }
  }

  /**
   * What a model id of this API looks like, so a model of another host is refused before anything
   * is sent.
   *
   * @param shape the rule in words, for the message, for example "owner/model, such as
   *     bytedance/seedance-2.0"
   */
  public record ModelIds(String regex, String shape) {
    public boolean allow(String model) {
      return model.matches(regex)
          && java.util.Arrays.stream(model.split("/")).noneMatch(TaskIds::isDotsOnly);
    }
  }

  /**
   * The rules of {@code type}'s API, written by name: its models, modes, options, durations, aspect
   * ratios and resolutions must be given; the rest default to what most APIs do (any seed, no
   * service tier, a prompt optional where the mode allows, billed per token).
   */
  public static Builder of(ProviderType type) {
    return new Builder(type);
  }

  /** {@link DialectRules} by name; {@link #build()} says which required rule is missing. */
  public static final class Builder {
    private final ProviderType type;
    private List<HostedModel> models;
    private Set<Mode> modes;
    private Set<Option> options;
    private Integer minDuration;
    private Integer maxDuration;
    private boolean modelMayChooseDuration;
    private Integer defaultDuration;
    private List<String> aspectRatios;
    private List<String> resolutions;
    private boolean resolutionFromModelName;
    private long minSeed = Long.MIN_VALUE;
    private long maxSeed = Long.MAX_VALUE;
    private long minExecutionExpiresAfter = 1;
    private long maxExecutionExpiresAfter = Long.MAX_VALUE;
    private List<String> serviceTiers = List.of();
    private boolean promptAlwaysRequired;
    private FrameCounts frameCounts;
    private boolean billedPerSecond;
    private ModelIds modelIds;

    private Builder(ProviderType type) {
      this.type = Objects.requireNonNull(type);
    }

    /** The model ids its documents list, in its own spelling, each with the model it is. */
    public Builder models(List<HostedModel> models) {
      this.models = List.copyOf(models);
      return this;
    }

    public Builder modes(Set<Mode> modes) {
      this.modes = Collections.unmodifiableSet(enums(Mode.class, modes));
      return this;
    }

    public Builder options(Set<Option> options) {
      this.options = Collections.unmodifiableSet(enums(Option.class, options));
      return this;
    }

    /** The widest range of seconds of its models; each model's own is in {@link SeedanceModel}. */
    public Builder durations(int min, int max) {
      this.minDuration = min;
      this.maxDuration = max;
      return this;
    }

    /** It takes -1: the model chooses the duration. */
    public Builder modelMayChooseDuration() {
      this.modelMayChooseDuration = true;
      return this;
    }

    /** The duration it sends when none is asked (null: the API's own default). */
    public Builder defaultDuration(int seconds) {
      this.defaultDuration = seconds;
      return this;
    }

    public Builder aspectRatios(List<String> aspectRatios) {
      this.aspectRatios = List.copyOf(aspectRatios);
      return this;
    }

    public Builder resolutions(List<String> resolutions) {
      this.resolutions = List.copyOf(resolutions);
      return this;
    }

    /** No resolution field: the model's name fixes it (the gateways). */
    public Builder resolutionFromModelName() {
      this.resolutionFromModelName = true;
      this.resolutions = List.of();
      return this;
    }

    public Builder seeds(long min, long max) {
      this.minSeed = min;
      this.maxSeed = max;
      return this;
    }

    public Builder executionExpiresAfter(long minSeconds, long maxSeconds) {
      this.minExecutionExpiresAfter = minSeconds;
      this.maxExecutionExpiresAfter = maxSeconds;
      return this;
    }

    public Builder serviceTiers(List<String> serviceTiers) {
      this.serviceTiers = List.copyOf(serviceTiers);
      return this;
    }

    /** Every mode needs a prompt, where some APIs let the media alone describe the video. */
    public Builder promptAlwaysRequired() {
      this.promptAlwaysRequired = true;
      return this;
    }

    public Builder frameCounts(FrameCounts frameCounts) {
      this.frameCounts = frameCounts;
      return this;
    }

    /** It bills per second of video (Replicate), not per token. */
    public Builder billedPerSecond() {
      this.billedPerSecond = true;
      return this;
    }

    public Builder modelIds(ModelIds modelIds) {
      this.modelIds = modelIds;
      return this;
    }

    /** In the enum's order, whatever set was given, so every table lists them the same way. */
    private static <E extends Enum<E>> EnumSet<E> enums(Class<E> type, Set<E> given) {
      EnumSet<E> set = EnumSet.noneOf(type);
      set.addAll(given);
      return set;
    }

    public DialectRules build() {
      List<String> missing = new ArrayList<>();
      if (models == null) missing.add("models");
      if (modes == null) missing.add("modes");
      if (options == null) missing.add("options");
      if (minDuration == null) missing.add("durations");
      if (aspectRatios == null) missing.add("aspectRatios");
      if (resolutions == null) missing.add("resolutions (or resolutionFromModelName)");
      if (!missing.isEmpty())
        throw new IllegalStateException("the rules of " + type + " do not say: " + missing);
      return new DialectRules(
          type,
          models,
          modes,
          options,
          minDuration,
          maxDuration,
          modelMayChooseDuration,
          defaultDuration,
          aspectRatios,
          resolutions,
          resolutionFromModelName,
          minSeed,
          maxSeed,
          minExecutionExpiresAfter,
          maxExecutionExpiresAfter,
          serviceTiers,
          promptAlwaysRequired,
          frameCounts,
          billedPerSecond,
          modelIds);
    }
  }

  /** The model ids this API's documents list, in the spelling it takes. */
  public List<String> documentedModels() {
    return models.stream().map(HostedModel::id).toList();
  }

  /**
   * "auto" and "adaptive" are the same request spelled two ways; each dialect is sent its own word.
   */
  public String aspectRatioFor(String requested) {
    if (requested == null) return null;
    if (requested.equals("auto") || requested.equals("adaptive")) {
      return aspectRatios.contains("auto") ? "auto" : "adaptive";
    }
    return requested;
  }
}
