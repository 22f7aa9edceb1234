package dev.seedflow.seedance.request;

import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one model id may be asked for on one host: the model's own facts ({@link SeedanceModel})
 * within the limits of the host's API ({@link DialectRules}). A listed id never falls back to a
 * dialect-wide guess. An id the table does not list (an Ark endpoint {@code ep-...}, a model newer
 * than this release) may be any of the host's models, so it gets the host's limits, the widest of
 * what its listed models take, and {@link #model()} is empty.
 *
 * @param resolutions the resolutions a request may name; empty where the model id fixes it ({@link
 *     #lockedResolution})
 * @param lockedResolution the resolution the id fixes (the gateways), or null
 * @param defaultResolution what is made when none is named, or null where no page says
 */
public record ModelFacts(
    String id,
    Optional<SeedanceModel> model,
    int minDuration,
    int maxDuration,
    boolean modelMayChooseDuration,
    List<String> resolutions,
    String lockedResolution,
    String defaultResolution,
    int maxImages,
    int maxVideos,
    int maxAudios,
    List<String> outputFormats,
    List<String> referenceTaskTypes,
    List<String> draftFinalResolutions,
    Set<Option> notTaken) {

  /** Resolutions from the smallest to the largest, the order an upper bound takes the last of. */
  private static final List<String> RESOLUTION_ORDER = List.of("480p", "720p", "1080p", "4k");

  /** The largest of these resolutions, in the order above. */
  public static Optional<String> largest(Collection<String> resolutions) {
    return resolutions.stream().max(Comparator.comparingInt(RESOLUTION_ORDER::indexOf));
  }

  private static final Pattern RESOLUTION_SUFFIX =
      Pattern.compile("-(480p|720p|1080p|4k)$", Pattern.CASE_INSENSITIVE);

  /** The facts of {@code id} on the host whose API {@code rules} describe. */
  public static ModelFacts of(DialectRules rules, String id) {
    return rules.models().stream()
        .filter(entry -> entry.id().equals(id))
        .findFirst()
        .map(entry -> listed(rules, entry))
        .orElseGet(() -> unlisted(rules, id));
  }

  private static ModelFacts listed(DialectRules rules, HostedModel entry) {
    SeedanceModel m = entry.model();
    List<String> resolutions =
        entry.lockedResolution() != null
            ? List.of()
            : m.resolutions().stream().filter(rules.resolutions()::contains).toList();
    return new ModelFacts(
        entry.id(),
        Optional.of(m),
        Math.max(m.minDuration(), rules.minDuration()),
        Math.min(m.maxDuration(), rules.maxDuration()),
        rules.modelMayChooseDuration(),
        resolutions,
        entry.lockedResolution(),
        m.defaultResolution(),
        m.maxImages(),
        m.maxVideos(),
        m.maxAudios(),
        ifTaken(rules, Option.OUTPUT_FORMAT, m.outputFormats()),
        ifTaken(rules, Option.REFERENCE_TASK_TYPE, m.referenceTaskTypes()),
        rules.modes().contains(Mode.DRAFT) ? m.draftFinalResolutions() : List.of(),
        notTaken(m));
  }

  /**
   * A model's values of an option, where the host's API takes the option at all (fal's Seedance 2.5
   * is sent no output format).
   */
  private static List<String> ifTaken(DialectRules rules, Option option, List<String> values) {
    return rules.options().contains(option) ? values : List.of();
  }

  private static ModelFacts unlisted(DialectRules rules, String id) {
    List<ModelFacts> listed = rules.models().stream().map(e -> listed(rules, e)).toList();
    String locked =
        rules.resolutionFromModelName() && id != null ? lockedResolution(id).orElse(null) : null;
    return new ModelFacts(
        id,
        Optional.empty(),
        rules.minDuration(),
        rules.maxDuration(),
        rules.modelMayChooseDuration(),
        locked != null ? List.of() : rules.resolutions(),
        locked,
        null,
        listed.stream().mapToInt(ModelFacts::maxImages).max().orElse(0),
        listed.stream().mapToInt(ModelFacts::maxVideos).max().orElse(0),
        listed.stream().mapToInt(ModelFacts::maxAudios).max().orElse(0),
        union(listed.stream().map(ModelFacts::outputFormats)),
        union(listed.stream().map(ModelFacts::referenceTaskTypes)),
        union(listed.stream().map(ModelFacts::draftFinalResolutions)),
        EnumSet.noneOf(Option.class));
  }

  private static Set<Option> notTaken(SeedanceModel model) {
    Set<Option> notTaken = EnumSet.noneOf(Option.class);
    for (Option option : Option.values()) {
      if (!model.takes(option)) notTaken.add(option);
    }
    return notTaken;
  }

  private static List<String> union(Stream<List<String>> lists) {
    return lists.flatMap(List::stream).distinct().toList();
  }

  public boolean listed() {
    return model.isPresent();
  }

  /** How a message names it: "dreamina-seedance-2-5-260628 (Seedance 2.5)". */
  public String named() {
    return id + model.map(m -> " (" + m.label() + ")").orElse("");
  }

  /**
   * The largest resolution this id may make: the one fixed by its name, else the largest it takes.
   */
  public Optional<String> largestResolution() {
    if (lockedResolution != null) return Optional.of(lockedResolution);
    return largest(resolutions);
  }

  /** Gateways lock the resolution into the model name, for example {@code seedance2.0-720p}. */
  public static Optional<String> lockedResolution(String model) {
    Matcher m = RESOLUTION_SUFFIX.matcher(model);
    return m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
  }

  /**
   * The quicker, cheaper tiers by their names (fast, mini, flash): only how often a wait reads,
   * never what is allowed.
   */
  public static boolean soundsQuick(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    return m.contains("fast") || m.contains("mini") || m.contains("flash");
  }
}
