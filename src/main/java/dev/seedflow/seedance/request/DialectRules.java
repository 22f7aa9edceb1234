package dev.seedflow.seedance.request;

import java.util.List;
import java.util.Set;

/**
 * What one dialect's API accepts, as its documents say, for any model it serves; what each model
 * takes within that is in {@link #models()} ({@link ModelFacts} joins the two). Each dialect of the
 * client declares its own, beside the body it sends. Where two documents of the same dialect
 * disagree, the wider rule is taken (and docs/validation.md says so): for example the gateways
 * allow any seed, Ark only [-1, 2^32-1].
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
