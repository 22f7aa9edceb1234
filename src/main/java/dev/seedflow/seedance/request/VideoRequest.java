package dev.seedflow.seedance.request;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A provider-neutral create-video request: the {@code video.*} variables. Blank strings mean "not
 * set" (that is what the Modeler sends for an empty field), and absent lists are empty.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VideoRequest(
    String model,
    String prompt,
    Mode mode,
    String firstFrame,
    String lastFrame,
    List<String> referenceImages,
    List<String> referenceVideos,
    List<String> referenceAudios,
    String sourceVideo,
    String draftTaskId,
    Integer duration,
    String resolution,
    String aspectRatio,
    Long seed,
    Boolean watermark,
    Boolean generateAudio,
    Boolean cameraFixed,
    Boolean returnLastFrame,
    Boolean draft,
    Integer frames,
    String serviceTier,
    Integer executionExpiresAfter,
    String callbackUrl,
    Integer priority,
    String safetyIdentifier,
    Boolean webSearch,
    String outputFormat,
    String referenceTaskType) {

  public VideoRequest {
    model = Text.blankToNull(model);
    prompt = Text.blankToNull(prompt);
    firstFrame = Text.blankToNull(firstFrame);
    lastFrame = Text.blankToNull(lastFrame);
    referenceImages = Text.cleanList(referenceImages);
    referenceVideos = Text.cleanList(referenceVideos);
    referenceAudios = Text.cleanList(referenceAudios);
    sourceVideo = Text.blankToNull(sourceVideo);
    draftTaskId = Text.blankToNull(draftTaskId);
    resolution = Text.blankToNull(resolution);
    aspectRatio = Text.blankToNull(aspectRatio);
    serviceTier = Text.blankToNull(serviceTier);
    callbackUrl = Text.blankToNull(callbackUrl);
    safetyIdentifier = Text.blankToNull(safetyIdentifier);
    outputFormat = Text.blankToNull(outputFormat);
    referenceTaskType = Text.blankToNull(referenceTaskType);
  }

  /** This request with the values validation settles: what a dialect sends. */
  VideoRequest settled(
      Mode settledMode,
      Integer settledDuration,
      String settledResolution,
      Boolean settledGenerateAudio,
      String settledAspectRatio) {
    return new VideoRequest(
        model,
        prompt,
        settledMode,
        firstFrame,
        lastFrame,
        referenceImages,
        referenceVideos,
        referenceAudios,
        sourceVideo,
        draftTaskId,
        settledDuration,
        settledResolution,
        settledAspectRatio,
        seed,
        watermark,
        settledGenerateAudio,
        cameraFixed,
        returnLastFrame,
        draft,
        frames,
        serviceTier,
        executionExpiresAfter,
        callbackUrl,
        priority,
        safetyIdentifier,
        webSearch,
        outputFormat,
        referenceTaskType);
  }

  /**
   * The seed the designer chose, or null where it is left to chance (empty, or -1 as Ark writes
   * it).
   */
  public Long chosenSeed() {
    return seed == null || seed == -1 ? null : seed;
  }

  /** This request with another seed: the worker's pick where the designer left it to chance. */
  public VideoRequest withSeed(Long newSeed) {
    return new VideoRequest(
        model,
        prompt,
        mode,
        firstFrame,
        lastFrame,
        referenceImages,
        referenceVideos,
        referenceAudios,
        sourceVideo,
        draftTaskId,
        duration,
        resolution,
        aspectRatio,
        newSeed,
        watermark,
        generateAudio,
        cameraFixed,
        returnLastFrame,
        draft,
        frames,
        serviceTier,
        executionExpiresAfter,
        callbackUrl,
        priority,
        safetyIdentifier,
        webSearch,
        outputFormat,
        referenceTaskType);
  }

  /**
   * This request with a deadline at the provider: the step's wait timeout, where the API takes one
   * and the designer set none.
   */
  public VideoRequest withExecutionExpiresAfter(Integer seconds) {
    return new VideoRequest(
        model,
        prompt,
        mode,
        firstFrame,
        lastFrame,
        referenceImages,
        referenceVideos,
        referenceAudios,
        sourceVideo,
        draftTaskId,
        duration,
        resolution,
        aspectRatio,
        seed,
        watermark,
        generateAudio,
        cameraFixed,
        returnLastFrame,
        draft,
        frames,
        serviceTier,
        seconds,
        callbackUrl,
        priority,
        safetyIdentifier,
        webSearch,
        outputFormat,
        referenceTaskType);
  }

  /**
   * This request with a callback URL: the workers' own, where callbacks are on and the designer
   * gave none.
   */
  public VideoRequest withCallbackUrl(String url) {
    return new VideoRequest(
        model,
        prompt,
        mode,
        firstFrame,
        lastFrame,
        referenceImages,
        referenceVideos,
        referenceAudios,
        sourceVideo,
        draftTaskId,
        duration,
        resolution,
        aspectRatio,
        seed,
        watermark,
        generateAudio,
        cameraFixed,
        returnLastFrame,
        draft,
        frames,
        serviceTier,
        executionExpiresAfter,
        url,
        priority,
        safetyIdentifier,
        webSearch,
        outputFormat,
        referenceTaskType);
  }

  public static Builder builder(String model) {
    return new Builder().model(model);
  }

  /**
   * Fluent construction for code and tests; the Camunda side binds the record from variables
   * instead.
   */
  public static final class Builder {
    private String model,
        prompt,
        firstFrame,
        lastFrame,
        sourceVideo,
        draftTaskId,
        resolution,
        aspectRatio,
        serviceTier,
        callbackUrl,
        safetyIdentifier,
        outputFormat,
        referenceTaskType;
    private Mode mode;
    private List<String> referenceImages = List.of(),
        referenceVideos = List.of(),
        referenceAudios = List.of();
    private Integer duration, frames, executionExpiresAfter, priority;
    private Long seed;
    private Boolean watermark, generateAudio, cameraFixed, returnLastFrame, draft, webSearch;

    public Builder model(String v) {
      model = v;
      return this;
    }

    public Builder prompt(String v) {
      prompt = v;
      return this;
    }

    public Builder mode(Mode v) {
      mode = v;
      return this;
    }

    public Builder firstFrame(String v) {
      firstFrame = v;
      return this;
    }

    public Builder lastFrame(String v) {
      lastFrame = v;
      return this;
    }

    public Builder referenceImages(String... v) {
      return referenceImages(List.of(v));
    }

    public Builder referenceVideos(String... v) {
      return referenceVideos(List.of(v));
    }

    public Builder referenceAudios(String... v) {
      return referenceAudios(List.of(v));
    }

    public Builder referenceImages(List<String> v) {
      referenceImages = v;
      return this;
    }

    public Builder referenceVideos(List<String> v) {
      referenceVideos = v;
      return this;
    }

    public Builder referenceAudios(List<String> v) {
      referenceAudios = v;
      return this;
    }

    public Builder sourceVideo(String v) {
      sourceVideo = v;
      return this;
    }

    public Builder draftTaskId(String v) {
      draftTaskId = v;
      return this;
    }

    public Builder duration(Integer v) {
      duration = v;
      return this;
    }

    public Builder resolution(String v) {
      resolution = v;
      return this;
    }

    public Builder aspectRatio(String v) {
      aspectRatio = v;
      return this;
    }

    public Builder seed(Long v) {
      seed = v;
      return this;
    }

    public Builder watermark(Boolean v) {
      watermark = v;
      return this;
    }

    public Builder generateAudio(Boolean v) {
      generateAudio = v;
      return this;
    }

    public Builder cameraFixed(Boolean v) {
      cameraFixed = v;
      return this;
    }

    public Builder returnLastFrame(Boolean v) {
      returnLastFrame = v;
      return this;
    }

    public Builder draft(Boolean v) {
      draft = v;
      return this;
    }

    public Builder frames(Integer v) {
      frames = v;
      return this;
    }

    public Builder serviceTier(String v) {
      serviceTier = v;
      return this;
    }

    public Builder executionExpiresAfter(Integer v) {
      executionExpiresAfter = v;
      return this;
    }

    public Builder callbackUrl(String v) {
      callbackUrl = v;
      return this;
    }

    public Builder priority(Integer v) {
      priority = v;
      return this;
    }

    public Builder safetyIdentifier(String v) {
      safetyIdentifier = v;
      return this;
    }

    public Builder webSearch(Boolean v) {
      webSearch = v;
      return this;
    }

    public Builder outputFormat(String v) {
      outputFormat = v;
      return this;
    }

    public Builder referenceTaskType(String v) {
      referenceTaskType = v;
      return this;
    }

    public VideoRequest build() {
      return new VideoRequest(
          model,
          prompt,
          mode,
          firstFrame,
          lastFrame,
          referenceImages,
          referenceVideos,
          referenceAudios,
          sourceVideo,
          draftTaskId,
          duration,
          resolution,
          aspectRatio,
          seed,
          watermark,
          generateAudio,
          cameraFixed,
          returnLastFrame,
          draft,
          frames,
          serviceTier,
          executionExpiresAfter,
          callbackUrl,
          priority,
          safetyIdentifier,
          webSearch,
          outputFormat,
          referenceTaskType);
    }
  }
}
