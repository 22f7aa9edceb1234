package dev.seedflow.seedance.request;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A Seedance model as ByteDance makes it, whichever host serves it: what it makes and what it takes. A host may offer
 * less (fal: no 1080p), never more; each dialect's {@link DialectRules#models()} names the host's spelling, {@link ModelFacts} joins the two.
 * The sources of each fact are in docs/dialects.md ("Models").
 *
 * @param label how the Modeler and messages name it
 * @param defaultResolution what it makes when a request names no resolution, or null where no vendor page says
 * @param inputVideoSeconds the longest the input videos may be together, which an estimate counts where their length is
 *     not known; for a model that documents only a limit per video, that limit times the videos given
 * @param inputVideoLimitPerVideo whether {@code inputVideoSeconds} is per video rather than for all together
 * @param outputFormats the {@code output_format} values it takes; empty where it takes none (its files are MP4)
 * @param referenceTaskTypes the {@code omni_reference_task_type} values it takes; empty where it takes none
 * @param draftFinalResolutions the resolutions a draft may be made final at; empty where it makes no drafts
 * @param notTaken options the hosts' APIs take for other models, but not for this one
 */
public enum SeedanceModel {
  SEEDANCE_2_0("Seedance 2.0", 4, 15, List.of("480p", "720p", "1080p", "4k"), "720p", 9, 3, 3, 15, false,
      List.of(), List.of(), List.of(), EnumSet.of(Option.FRAMES, Option.CAMERA_FIXED, Option.DRAFT)),
  SEEDANCE_2_0_FAST("Seedance 2.0 fast", 4, 15, List.of("480p", "720p"), "720p", 9, 3, 3, 15, false,
      List.of(), List.of(), List.of(), EnumSet.of(Option.FRAMES, Option.CAMERA_FIXED, Option.DRAFT)),
  SEEDANCE_2_0_MINI("Seedance 2.0 mini", 4, 15, List.of("480p", "720p"), "720p", 9, 3, 3, 15, false,
      List.of(), List.of(), List.of(), EnumSet.of(Option.FRAMES, Option.CAMERA_FIXED, Option.DRAFT)),
  SEEDANCE_2_5("Seedance 2.5", 4, 30, List.of("480p", "720p", "1080p", "4k"), null, 30, 10, 10, 30, true,
      List.of("mp4", "mov"), List.of("auto", "reference", "edit", "extend"), List.of("1080p"),
      EnumSet.of(Option.FRAMES, Option.CAMERA_FIXED)),
  SEEDANCE_2_5_FLASH("Seedance 2.5 Flash", 4, 30, List.of("480p", "720p"), null, 30, 10, 10, 30, true,
      List.of(), List.of(), List.of(), EnumSet.of(Option.FRAMES, Option.CAMERA_FIXED, Option.DRAFT));

  /** The resolution a draft is made at, whatever is asked (BytePlus: drafts are 480p). */
  public static final String DRAFT_RESOLUTION = "480p";

  private final String label;
  private final int minDuration;
  private final int maxDuration;
  private final List<String> resolutions;
  private final String defaultResolution;
  private final int maxImages;
  private final int maxVideos;
  private final int maxAudios;
  private final int inputVideoSeconds;
  private final boolean inputVideoLimitPerVideo;
  private final List<String> outputFormats;
  private final List<String> referenceTaskTypes;
  private final List<String> draftFinalResolutions;
  private final Set<Option> notTaken;

  SeedanceModel(String label, int minDuration, int maxDuration, List<String> resolutions, String defaultResolution, int maxImages,
      int maxVideos, int maxAudios, int inputVideoSeconds, boolean inputVideoLimitPerVideo, List<String> outputFormats,
      List<String> referenceTaskTypes, List<String> draftFinalResolutions, Set<Option> notTaken) {
    this.label = label;
    this.minDuration = minDuration;
    this.maxDuration = maxDuration;
    this.resolutions = resolutions;
    this.defaultResolution = defaultResolution;
    this.maxImages = maxImages;
    this.maxVideos = maxVideos;
    this.maxAudios = maxAudios;
    this.inputVideoSeconds = inputVideoSeconds;
    this.inputVideoLimitPerVideo = inputVideoLimitPerVideo;
    this.outputFormats = outputFormats;
    this.referenceTaskTypes = referenceTaskTypes;
    this.draftFinalResolutions = draftFinalResolutions;
    this.notTaken = notTaken;
  }

  public String label() {
    return label;
  }

  public int minDuration() {
    return minDuration;
  }

  /** The longest video it makes, which is also what a duration it chooses ({@code -1}) may become. */
  public int maxDuration() {
    return maxDuration;
  }

  public List<String> resolutions() {
    return resolutions;
  }

  public String defaultResolution() {
    return defaultResolution;
  }

  public int maxImages() {
    return maxImages;
  }

  public int maxVideos() {
    return maxVideos;
  }

  public int maxAudios() {
    return maxAudios;
  }

  /** The longest the input videos of a request may be together: the bound an estimate counts. */
  public int inputVideoSeconds(int videos) {
    return inputVideoLimitPerVideo ? inputVideoSeconds * Math.max(1, videos) : inputVideoSeconds;
  }

  public List<String> outputFormats() {
    return outputFormats;
  }

  public List<String> referenceTaskTypes() {
    return referenceTaskTypes;
  }

  public List<String> draftFinalResolutions() {
    return draftFinalResolutions;
  }

  public boolean makesDrafts() {
    return !draftFinalResolutions.isEmpty();
  }

  /** Whether it takes an option at all; one with a list of values (output format, reference task type) only where it has one. */
  public boolean takes(Option option) {
    return switch (option) {
      case OUTPUT_FORMAT -> !outputFormats.isEmpty();
      case REFERENCE_TASK_TYPE -> !referenceTaskTypes.isEmpty();
      default -> !notTaken.contains(option);
    };
  }
}
