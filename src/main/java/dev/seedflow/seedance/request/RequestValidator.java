package dev.seedflow.seedance.request;

import dev.seedflow.seedance.error.Problem;
import dev.seedflow.seedance.error.SeedanceException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks a request against the rules of its dialect before anything is sent, and reports every
 * problem at once. A request that fails here never costs money.
 */
public final class RequestValidator {
  /** The priorities the one API that takes them (Ark) documents, 0 to 9. */
  static final int MAX_PRIORITY = 9;

  /** A safety identifier is a hash, such as a SHA-256 in hex: 64 characters. */
  static final int MAX_SAFETY_IDENTIFIER = 64;

  private RequestValidator() {}

  /**
   * @param rules what the provider's API accepts (its dialect's rules)
   * @throws SeedanceException with code SEEDANCE_INVALID_INPUT, listing every problem of the
   *     provider and the video
   */
  public static ValidRequest validate(
      ProviderConfig provider, VideoRequest video, DialectRules rules) {
    if (rules.type() != provider.type())
      throw new IllegalArgumentException(
          "the rules of " + rules.type() + " do not apply to " + provider.type());
    Check check = new Check(rules, video);
    check.problems.addAll(ProviderChecks.problems(provider));
    Mode mode = check.run();
    if (!check.problems.isEmpty()) {
      throw SeedanceException.invalidInput(check.problems);
    }
    boolean audioNeeded = !video.referenceAudios().isEmpty();
    Integer duration =
        video.duration() != null || video.frames() != null
            ? video.duration()
            : rules.defaultDuration();
    String aspectRatio = video.aspectRatio();
    if (check.isEdit(mode)) {
      // An edit keeps its source's length and shape, and the model refuses any other (its task type
      // constraint): it is sent -1 and adaptive, whatever the Modeler's duration and ratio still
      // show.
      duration = -1;
      aspectRatio = "adaptive";
    }
    return new ValidRequest(
        video.settled(
            mode,
            duration,
            check.resolution(mode),
            audioNeeded ? Boolean.TRUE : video.generateAudio(),
            rules.aspectRatioFor(aspectRatio)),
        rules,
        check.facts);
  }

  /** For get, cancel and await: the provider settings and the task id. */
  public static void validateTaskCall(ProviderConfig provider, String taskId) {
    List<Problem> problems = new ArrayList<>(ProviderChecks.problems(provider));
    if (taskId == null || taskId.isBlank()) {
      problems.add(
          new Problem("task.id", "is required: the id the create step returned (result.taskId)"));
    } else if (!TaskIds.isSafe(taskId.trim())) {
      problems.add(
          new Problem(
              "task.id",
              "'" + Text.shown(taskId) + "' is not a task id: it may hold " + TaskIds.RULE));
    }
    if (!problems.isEmpty()) {
      throw SeedanceException.invalidInput(problems);
    }
  }

  /** One validation run: collects problems, at most one per field so the list stays readable. */
  private static final class Check {
    private final DialectRules rules;
    private final VideoRequest video;
    private final ModelFacts facts;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> fieldsWithProblems = new HashSet<>();

    Check(DialectRules rules, VideoRequest video) {
      this.rules = rules;
      this.video = video;
      this.facts = ModelFacts.of(rules, video.model());
    }

    private void problem(String field, String message) {
      if (fieldsWithProblems.add(field)) {
        problems.add(new Problem(field, message));
      }
    }

    Mode run() {
      if (video.model() == null) {
        problem(
            "video.model",
            "is required: choose one of "
                + rules.documentedModels()
                + ", or enter the model or endpoint id your provider gave you");
      } else if (rules.modelIds() != null && !rules.modelIds().allow(video.model())) {
        problem(
            "video.model",
            "'"
                + Text.shown(video.model())
                + "' is not a model the "
                + rules.type()
                + " API serves: its model ids are "
                + rules.modelIds().shape()
                + " (its Seedance models: "
                + String.join(", ", rules.documentedModels())
                + "). Choose one of them, or the provider that serves this model");
      }
      checkMediaCombinations();
      Mode mode = resolveMode();
      if (mode != null) {
        checkMode(mode);
      }
      checkMediaUrls();
      checkOptions();
      return mode;
    }

    /** The content-mixing rules of the providers, named as the providers name them. */
    private void checkMediaCombinations() {
      boolean frames = video.firstFrame() != null || video.lastFrame() != null;
      if (frames && !video.referenceImages().isEmpty()) {
        problem(
            "video.referenceImages",
            "cannot be combined with a first or last frame: use either frames or reference images");
      }
      if (video.lastFrame() != null && video.firstFrame() == null) {
        problem("video.lastFrame", "needs a first frame too (video.firstFrame)");
      }
      boolean visual =
          frames
              || video.sourceVideo() != null
              || !video.referenceImages().isEmpty()
              || !video.referenceVideos().isEmpty();
      if (!video.referenceAudios().isEmpty() && !visual) {
        problem(
            "video.referenceAudios",
            "cannot be the only media: add at least one reference image or video");
      }
      if (!video.referenceAudios().isEmpty() && Boolean.FALSE.equals(video.generateAudio())) {
        problem(
            "video.generateAudio",
            "must be on when reference audio is given (the provider requires generate_audio=true)");
      }
      if (video.draftTaskId() != null) {
        boolean others =
            video.prompt() != null
                || Stream.of(Media.values())
                    .anyMatch(m -> m != Media.DRAFT_TASK_ID && m.isIn(video));
        if (others) {
          problem(
              "video.draftTaskId",
              "must be alone: a draft is turned into the final video as it is, so leave the prompt"
                  + " and all media empty");
        }
      }
      tooMany(Media.REFERENCE_IMAGES, facts.maxImages());
      tooMany(Media.REFERENCE_VIDEOS, facts.maxVideos());
      tooMany(Media.REFERENCE_AUDIOS, facts.maxAudios());
    }

    private void tooMany(Media media, int max) {
      int count = media.valuesIn(video).size();
      if (count > max) {
        problem(
            media.field(),
            "may hold at most "
                + max
                + " items"
                + (facts.listed() ? " on " + facts.named() : "")
                + ", got "
                + count);
      }
    }

    /** The mode the user named, or the one the media imply. */
    private Mode resolveMode() {
      if (video.mode() != null) {
        return video.mode();
      }
      if (video.draftTaskId() != null) return Mode.DRAFT;
      if (video.sourceVideo() != null) {
        problem(
            "video.mode",
            "must be set to edit or extend when a source video is given: it decides what happens to"
                + " the video");
        return null;
      }
      if (video.firstFrame() != null)
        return video.lastFrame() != null ? Mode.FIRST_LAST_FRAME : Mode.IMAGE_TO_VIDEO;
      if (!video.referenceImages().isEmpty()
          || !video.referenceVideos().isEmpty()
          || !video.referenceAudios().isEmpty()) {
        return Mode.REFERENCE;
      }
      return video.lastFrame() != null ? null : Mode.TEXT_TO_VIDEO;
    }

    private void checkMode(Mode mode) {
      if (!rules.modes().contains(mode)) {
        problem(
            "video.mode",
            mode.named()
                + " is not offered by the "
                + rules.type()
                + " API; it offers "
                + rules.modes().stream().map(Mode::wireName).toList());
        return;
      }
      for (Media media : mode.required()) {
        if (!media.isIn(video)) {
          problem(media.field(), "is required to make a " + mode.named());
        }
      }
      if (mode == Mode.REFERENCE
          && video.referenceImages().isEmpty()
          && video.referenceVideos().isEmpty()) {
        problem(
            "video.referenceImages",
            "or video.referenceVideos: a "
                + mode.named()
                + " needs at least one reference image or video");
      }
      for (Media media : Media.values()) {
        if (media.isIn(video) && !mode.accepts(media)) {
          problem(
              media.field(),
              "is not used to make a "
                  + mode.named()
                  + ": remove it or choose in 'What to make' what uses it");
        }
      }
      if (mode != Mode.DRAFT
          && video.prompt() == null
          && (mode == Mode.TEXT_TO_VIDEO || rules.promptAlwaysRequired())) {
        problem(
            "video.prompt",
            "is required"
                + (mode == Mode.TEXT_TO_VIDEO
                    ? " for text-to-video"
                    : " by the " + rules.type() + " API"));
      }
    }

    private void checkMediaUrls() {
      url(Media.FIRST_FRAME, MediaUrls.Kind.IMAGE);
      url(Media.LAST_FRAME, MediaUrls.Kind.IMAGE);
      url(Media.REFERENCE_IMAGES, MediaUrls.Kind.IMAGE);
      url(Media.REFERENCE_VIDEOS, MediaUrls.Kind.VIDEO);
      url(Media.SOURCE_VIDEO, MediaUrls.Kind.VIDEO);
      url(Media.REFERENCE_AUDIOS, MediaUrls.Kind.AUDIO);
      if (video.callbackUrl() != null) {
        MediaUrls.problemWith(video.callbackUrl(), MediaUrls.Kind.CALLBACK)
            .ifPresent(p -> problem("video.callbackUrl", p));
      }
    }

    private void url(Media media, MediaUrls.Kind kind) {
      List<String> urls = media.valuesIn(video);
      for (int i = 0; i < urls.size(); i++) {
        String field =
            urls.size() > 1
                    || media == Media.REFERENCE_IMAGES
                    || media == Media.REFERENCE_VIDEOS
                    || media == Media.REFERENCE_AUDIOS
                ? media.field() + "[" + i + "]"
                : media.field();
        MediaUrls.problemWith(urls.get(i), kind).ifPresent(p -> problem(field, p));
      }
    }

    private void checkOptions() {
      for (Option option : Option.values()) {
        if (!option.isRequestedBy(video)) continue;
        if (!rules.options().contains(option)) {
          problem(
              option.field(), "is not supported by the " + rules.type() + " API: leave it empty");
        } else if (facts.notTaken().contains(option)) {
          problem(option.field(), "is not taken by " + facts.named() + ": leave it empty");
        }
      }
      checkDuration();
      checkResolution();
      oneOf("video.outputFormat", video.outputFormat(), facts.outputFormats());
      oneOf("video.referenceTaskType", video.referenceTaskType(), facts.referenceTaskTypes());
      checkDraft();
      Set<String> ratios = new HashSet<>(rules.aspectRatios());
      if (ratios.contains("auto") || ratios.contains("adaptive")) {
        ratios.addAll(List.of("auto", "adaptive"));
      }
      if (video.aspectRatio() != null && !ratios.contains(video.aspectRatio())) {
        problem(
            "video.aspectRatio",
            "must be one of "
                + rules.aspectRatios()
                + " for the "
                + rules.type()
                + " API, got '"
                + video.aspectRatio()
                + "'");
      }
      if (video.seed() != null
          && (video.seed() < rules.minSeed() || video.seed() > rules.maxSeed())) {
        problem(
            "video.seed",
            "must be between "
                + rules.minSeed()
                + " and "
                + rules.maxSeed()
                + " (-1 means random), got "
                + video.seed());
      }
      Integer expiry = video.executionExpiresAfter();
      if (expiry != null
          && (expiry < rules.minExecutionExpiresAfter()
              || expiry > rules.maxExecutionExpiresAfter())) {
        problem(
            "video.executionExpiresAfter",
            rules.maxExecutionExpiresAfter() == Long.MAX_VALUE
                ? "must be a positive number of seconds, got " + expiry
                : "must be between "
                    + rules.minExecutionExpiresAfter()
                    + " and "
                    + rules.maxExecutionExpiresAfter()
                    + " seconds (1 hour to 3 days), got "
                    + expiry);
      }
      if (video.frames() != null && video.frames() <= 0) {
        problem("video.frames", "must be a positive number of frames, got " + video.frames());
      } else if (video.frames() != null
          && rules.frameCounts() != null
          && !rules.frameCounts().allow(video.frames())) {
        problem(
            "video.frames",
            "must be one of "
                + rules.frameCounts()
                + " for the "
                + rules.type()
                + " API (at 24 fps, 121 is about 5 s), got "
                + video.frames());
      }
      if (video.priority() != null && (video.priority() < 0 || video.priority() > MAX_PRIORITY)) {
        problem("video.priority", "must be 0 to " + MAX_PRIORITY + ", got " + video.priority());
      }
      if (video.safetyIdentifier() != null
          && !video
              .safetyIdentifier()
              .matches("[A-Za-z0-9_.:-]{1," + MAX_SAFETY_IDENTIFIER + "}")) {
        problem(
            "video.safetyIdentifier",
            "must be at most "
                + MAX_SAFETY_IDENTIFIER
                + " letters, digits and _ . : - (a hash of the user's id, "
                + "never a name or an e-mail address), got '"
                + Text.shown(video.safetyIdentifier())
                + "'");
      }
      if (video.serviceTier() != null
          && !rules.serviceTiers().isEmpty()
          && !rules.serviceTiers().contains(video.serviceTier())) {
        problem(
            "video.serviceTier",
            "must be one of " + rules.serviceTiers() + ", got '" + video.serviceTier() + "'");
      }
    }

    private void checkDuration() {
      Integer duration = video.duration();
      if (duration == null) return;
      if (video.frames() != null) {
        problem("video.frames", "and video.duration cannot both be set: choose one");
      }
      boolean modelChooses = duration == -1 && facts.modelMayChooseDuration();
      if (!modelChooses && (duration < facts.minDuration() || duration > facts.maxDuration())) {
        problem(
            "video.duration",
            "must be between "
                + facts.minDuration()
                + " and "
                + facts.maxDuration()
                + " seconds"
                + (facts.listed() ? " on " + facts.named() : "")
                + (facts.modelMayChooseDuration() ? " (or -1 to let the model decide)" : "")
                + ", got "
                + duration);
      }
    }

    /**
     * A value of an option only some models take, where the request names one: one of what this
     * model takes.
     */
    private void oneOf(String field, String value, List<String> taken) {
      if (value == null || taken.isEmpty() || taken.contains(value)) return;
      problem(
          field,
          "must be one of "
              + taken
              + (facts.listed() ? " on " + facts.named() : "")
              + ", got '"
              + Text.shown(value)
              + "'");
    }

    /**
     * Whether the model is asked for an edit in its reference task type, named or implied by the
     * mode.
     */
    boolean isEdit(Mode mode) {
      return "edit".equals(video.referenceTaskType())
          || (video.referenceTaskType() == null
              && mode == Mode.EDIT
              && facts.listed()
              && facts.referenceTaskTypes().contains("edit"));
    }

    /** Only a model that makes drafts makes one final. */
    private void checkDraft() {
      if (facts.listed()
          && video.draftTaskId() != null
          && facts.draftFinalResolutions().isEmpty()) {
        problem(
            "video.draftTaskId",
            "cannot be made final by "
                + facts.named()
                + ", which makes no drafts: choose the model that made the draft");
      }
    }

    /**
     * The resolution sent. A model's draft is always made at 480p and made final only at the
     * resolutions it documents for that (1080p on Seedance 2.5), whatever the Modeler's resolution
     * list still shows, so those are sent.
     */
    String resolution(Mode mode) {
      String asked = video.resolution();
      boolean makesDrafts = facts.model().filter(SeedanceModel::makesDrafts).isPresent();
      if (makesDrafts && Boolean.TRUE.equals(video.draft())) return SeedanceModel.DRAFT_RESOLUTION;
      List<String> finals = facts.draftFinalResolutions();
      if (makesDrafts && mode == Mode.DRAFT && (asked == null || !finals.contains(asked)))
        return finals.get(finals.size() - 1);
      return asked;
    }

    private void checkResolution() {
      String resolution = video.resolution();
      if (resolution == null) return;
      String model = video.model();
      if (rules.resolutionFromModelName()) {
        String locked = facts.lockedResolution();
        if (locked == null) {
          problem(
              "video.resolution",
              "cannot be chosen with the "
                  + rules.type()
                  + " API: the model name fixes it (for example seedance2.0-720p); leave it empty");
        } else if (!locked.equalsIgnoreCase(resolution)) {
          problem(
              "video.resolution",
              "'"
                  + resolution
                  + "' contradicts the model "
                  + model
                  + ", which always makes "
                  + locked
                  + ": choose the model with the resolution you want, or leave video.resolution"
                  + " empty");
        }
        return;
      }
      if (facts.listed() && (Boolean.TRUE.equals(video.draft()) || video.draftTaskId() != null))
        return; // a draft's resolution is settled: resolution(mode)
      if (!facts.resolutions().contains(resolution)) {
        problem(
            "video.resolution",
            "must be one of "
                + facts.resolutions()
                + (facts.listed() ? " on " + facts.named() : " for the " + rules.type() + " API")
                + ", got '"
                + Text.shown(resolution)
                + "'");
      }
    }
  }
}
