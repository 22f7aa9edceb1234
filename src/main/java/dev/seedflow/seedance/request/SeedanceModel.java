package dev.seedflow.seedance.request;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A Seedance model as ByteDance makes it, whichever host serves it: what it makes and what it
 * takes. A host may offer less (fal: no 1080p), never more; each dialect's {@link
 * DialectRules#models()} names the host's spelling, and {@link ModelFacts} joins the two. The
 * sources of each fact are in docs/dialects.md ("The models and fields of 2026").
 */
public enum SeedanceModel {
  SEEDANCE_2_0(named("Seedance 2.0").resolutions("480p", "720p", "1080p", "4k")),
  SEEDANCE_2_0_FAST(named("Seedance 2.0 fast")),
  SEEDANCE_2_0_MINI(named("Seedance 2.0 mini")),
  SEEDANCE_2_5(
      named("Seedance 2.5")
          .durations(4, 30)
          .resolutions("480p", "720p", "1080p", "4k")
          .defaultResolution(null)
          .references(30, 10, 10)
          .inputVideoSecondsEach(30)
          .outputFormats("mp4", "mov")
          .referenceTaskTypes("auto", "reference", "edit", "extend")
          .draftsMadeFinalAt("1080p")),
  SEEDANCE_2_5_FLASH(
      named("Seedance 2.5 Flash")
          .durations(4, 30)
          .defaultResolution(null)
          .references(30, 10, 10)
          .inputVideoSecondsEach(30));

  /** The resolution a draft is made at, whatever is asked (BytePlus: drafts are 480p). */
  public static final String DRAFT_RESOLUTION = "480p";

  private final Facts facts;

  SeedanceModel(Facts facts) {
    this.facts = facts;
  }

  /**
   * The 2.0 series' facts, which a model's own replace by name, so no value can land in another's
   * place.
   */
  private static Facts named(String label) {
    return new Facts(label);
  }

  /** A model's facts as its constant writes them; read once, into the constant's final fields. */
  private static final class Facts {
    private final String label;
    private int minDuration = 4;
    private int maxDuration = 15;
    private List<String> resolutions = List.of("480p", "720p");
    private String defaultResolution = "720p";
    private int maxImages = 9;
    private int maxVideos = 3;
    private int maxAudios = 3;
    private int inputVideoSeconds = 15;
    private boolean inputVideoLimitPerVideo;
    private List<String> outputFormats = List.of();
    private List<String> referenceTaskTypes = List.of();
    private List<String> draftFinalResolutions = List.of();
    private Set<Option> notTaken = EnumSet.of(Option.FRAMES, Option.CAMERA_FIXED, Option.DRAFT);

    private Facts(String label) {
      this.label = label;
    }

    Facts durations(int min, int max) {
      minDuration = min;
      maxDuration = max;
      return this;
    }

    Facts resolutions(String... values) {
      resolutions = List.of(values);
      return this;
    }

    /** Null where no vendor page says what it makes without one. */
    Facts defaultResolution(String value) {
      defaultResolution = value;
      return this;
    }

    Facts references(int images, int videos, int audios) {
      maxImages = images;
      maxVideos = videos;
      maxAudios = audios;
      return this;
    }

    /** A limit per input video, where the model documents no total. */
    Facts inputVideoSecondsEach(int seconds) {
      inputVideoSeconds = seconds;
      inputVideoLimitPerVideo = true;
      return this;
    }

    Facts outputFormats(String... values) {
      outputFormats = List.of(values);
      return this;
    }

    Facts referenceTaskTypes(String... values) {
      referenceTaskTypes = List.of(values);
      return this;
    }

    /** It makes 480p drafts, made final at these resolutions; so it takes {@code draft}. */
    Facts draftsMadeFinalAt(String... values) {
      draftFinalResolutions = List.of(values);
      notTaken = EnumSet.of(Option.FRAMES, Option.CAMERA_FIXED);
      return this;
    }
  }

  public String label() {
    return facts.label;
  }

  public int minDuration() {
    return facts.minDuration;
  }

  /**
   * The longest video it makes, which is also what a duration it chooses ({@code -1}) may become.
   */
  public int maxDuration() {
    return facts.maxDuration;
  }

  public List<String> resolutions() {
    return facts.resolutions;
  }

  /** What it makes when a request names no resolution, or null where no vendor page says. */
  public String defaultResolution() {
    return facts.defaultResolution;
  }

  public int maxImages() {
    return facts.maxImages;
  }

  public int maxVideos() {
    return facts.maxVideos;
  }

  public int maxAudios() {
    return facts.maxAudios;
  }

  /**
   * The longest the input videos of a request may be together, the bound an estimate counts where
   * their length is not known: for a model that documents only a limit per video, that limit times
   * the videos given.
   */
  public int inputVideoSeconds(int videos) {
    return facts.inputVideoLimitPerVideo
        ? facts.inputVideoSeconds * Math.max(1, videos)
        : facts.inputVideoSeconds;
  }

  /** The {@code output_format} values it takes; empty where it takes none (its files are MP4). */
  public List<String> outputFormats() {
    return facts.outputFormats;
  }

  /** The {@code omni_reference_task_type} values it takes; empty where it takes none. */
  public List<String> referenceTaskTypes() {
    return facts.referenceTaskTypes;
  }

  /** The resolutions a draft may be made final at; empty where it makes no drafts. */
  public List<String> draftFinalResolutions() {
    return facts.draftFinalResolutions;
  }

  public boolean makesDrafts() {
    return !facts.draftFinalResolutions.isEmpty();
  }

  /**
   * Whether it takes an option at all; one with a list of values (output format, reference task
   * type) only where it has one.
   */
  public boolean takes(Option option) {
    return switch (option) {
      case OUTPUT_FORMAT -> !facts.outputFormats.isEmpty();
      case REFERENCE_TASK_TYPE -> !facts.referenceTaskTypes.isEmpty();
      default -> !facts.notTaken.contains(option);
    };
  }
}
