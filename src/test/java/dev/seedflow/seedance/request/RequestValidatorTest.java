package dev.seedflow.seedance.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Named.named;

import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.Problem;
import dev.seedflow.seedance.error.SeedanceException;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validation table: each rule of the seeds and providers.md, with a request that breaks it and
 * one that keeps it.
 */
class RequestValidatorTest {
  private static final String IMG = "https://example.com/a.png";
  private static final String VID = "https://example.com/a.mp4";
  private static final String AUD = "https://example.com/a.mp3";
  private static final String ARK_MODEL = "dreamina-seedance-2-0-260128";
  private static final String ARK_25 = "dreamina-seedance-2-5-260628";
  private static final String ARK_25_FLASH = "dreamina-seedance-2-5-flash-261115";
  private static final ProviderConfig FAL =
      new ProviderConfig(ProviderType.FAL, "https://queue.fal.run", "key");
  private static final String ARK_FAST = "dreamina-seedance-2-0-fast-260128";
  private static final ProviderConfig ARK = new ProviderConfig(ProviderType.ARK, null, "key");
  private static final ProviderConfig UNIFIED =
      new ProviderConfig(ProviderType.UNIFIED, "https://gw.example.com", "key");
  private static final ProviderConfig LEGACY =
      new ProviderConfig(ProviderType.UNIFIED_LEGACY, "https://gw.example.com", "key");
  private static final ProviderConfig OPENAI =
      new ProviderConfig(ProviderType.OPENAI_COMPATIBLE, "https://gw.example.com", "key");

  /** As the client validates: against the rules of the provider's dialect. */
  private static ValidRequest validate(ProviderConfig provider, VideoRequest video) {
    return RequestValidator.validate(provider, video, Dialect.of(provider.type()).rules());
  }

  private static Arguments ok(
      String name,
      ProviderConfig provider,
      String model,
      UnaryOperator<VideoRequest.Builder> video) {
    return Arguments.of(
        named(name, provider), video.apply(VideoRequest.builder(model)).build(), null);
  }

  private static Arguments bad(
      String name,
      ProviderConfig provider,
      String model,
      UnaryOperator<VideoRequest.Builder> video,
      String field) {
    return Arguments.of(
        named(name, provider), video.apply(VideoRequest.builder(model)).build(), field);
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // model, prompt and mode
        ok("ark text-to-video", ARK, ARK_MODEL, v -> v.prompt("a cat")),
        bad("model missing", ARK, null, v -> v.prompt("a cat"), "video.model"),
        ok(
            "custom endpoint id is accepted",
            ARK,
            "ep-20260101-abcde",
            v -> v.prompt("a cat").frames(121)),
        bad("text-to-video without prompt", ARK, ARK_MODEL, v -> v, "video.prompt"),
        ok("image-to-video needs no prompt on ark", ARK, ARK_MODEL, v -> v.firstFrame(IMG)),
        bad(
            "openai-compatible always needs a prompt",
            OPENAI,
            "doubao-seedance-2-0-260128",
            v -> v.firstFrame(IMG),
            "video.prompt"),
        ok(
            "openai-compatible image-to-video with prompt",
            OPENAI,
            "doubao-seedance-2-0-260128",
            v -> v.prompt("p").firstFrame(IMG)),
        bad(
            "the legacy format always needs a prompt (the legacy create-task document, the UniAll"
                + " overview)",
            LEGACY,
            "seedance2.0-720p",
            v -> v.firstFrame(IMG),
            "video.prompt"),
        ok(
            "the unified content[] format takes an image alone",
            UNIFIED,
            "seedance2.0-720p",
            v -> v.firstFrame(IMG)),
        bad(
            "openai-compatible has no edit mode",
            OPENAI,
            "doubao-seedance-2-0-260128",
            v -> v.prompt("p").mode(Mode.EDIT).sourceVideo(VID),
            "video.mode"),
        bad(
            "mode text-to-video does not take a first frame",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").mode(Mode.TEXT_TO_VIDEO).firstFrame(IMG),
            "video.firstFrame"),
        // frames and references
        ok("first and last frame", ARK, ARK_MODEL, v -> v.firstFrame(IMG).lastFrame(IMG)),
        bad(
            "last frame without first frame",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").lastFrame(IMG),
            "video.lastFrame"),
        bad(
            "reference image with a first frame",
            ARK,
            ARK_MODEL,
            v -> v.firstFrame(IMG).referenceImages(IMG),
            "video.referenceImages"),
        ok(
            "reference images, video and audio",
            ARK,
            ARK_MODEL,
            v -> v.referenceImages(IMG, IMG).referenceVideos(VID).referenceAudios(AUD)),
        bad(
            "audio alone",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").referenceAudios(AUD),
            "video.referenceAudios"),
        bad(
            "reference audio with generate audio off",
            ARK,
            ARK_MODEL,
            v -> v.referenceImages(IMG).referenceAudios(AUD).generateAudio(false),
            "video.generateAudio"),
        ok(
            "reference audio with generate audio on",
            ARK,
            ARK_MODEL,
            v -> v.referenceImages(IMG).referenceAudios(AUD).generateAudio(true)),
        ok(
            "nine reference images",
            ARK,
            ARK_MODEL,
            v -> v.referenceImages(IMG, IMG, IMG, IMG, IMG, IMG, IMG, IMG, IMG)),
        bad(
            "ten reference images",
            ARK,
            ARK_MODEL,
            v -> v.referenceImages(IMG, IMG, IMG, IMG, IMG, IMG, IMG, IMG, IMG, IMG),
            "video.referenceImages"),
        ok("three reference videos", ARK, ARK_MODEL, v -> v.referenceVideos(VID, VID, VID)),
        bad(
            "four reference videos",
            ARK,
            ARK_MODEL,
            v -> v.referenceVideos(VID, VID, VID, VID),
            "video.referenceVideos"),
        bad(
            "four reference audios",
            ARK,
            ARK_MODEL,
            v -> v.referenceImages(IMG).referenceAudios(AUD, AUD, AUD, AUD),
            "video.referenceAudios"),
        // edit, extend, draft
        ok(
            "edit with source video and reference image",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").mode(Mode.EDIT).sourceVideo(VID).referenceImages(IMG)),
        bad(
            "edit without source video",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").mode(Mode.EDIT),
            "video.sourceVideo"),
        ok(
            "extend on the gateway",
            UNIFIED,
            "seedance2.0-720p",
            v -> v.prompt("p").mode(Mode.EXTEND).sourceVideo(VID)),
        bad(
            "extend without source video",
            UNIFIED,
            "seedance2.0-720p",
            v -> v.prompt("p").mode(Mode.EXTEND),
            "video.sourceVideo"),
        bad(
            "source video without a mode",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").sourceVideo(VID),
            "video.mode"),
        ok("draft task alone", ARK, ARK_25, v -> v.draftTaskId("cgt-123")),
        bad(
            "draft task on a model that makes no drafts",
            ARK,
            ARK_MODEL,
            v -> v.draftTaskId("cgt-123"),
            "video.draftTaskId"),
        ok(
            "a draft made final at 1080p",
            ARK,
            ARK_25,
            v -> v.draftTaskId("cgt-123").resolution("1080p")),
        ok("a draft on Seedance 2.5", ARK, ARK_25, v -> v.prompt("p").draft(true)),
        bad(
            "a draft on Seedance 2.5 Flash",
            ARK,
            ARK_25_FLASH,
            v -> v.prompt("p").draft(true),
            "video.draft"),
        bad(
            "draft task with a prompt",
            ARK,
            ARK_MODEL,
            v -> v.draftTaskId("cgt-123").prompt("p"),
            "video.draftTaskId"),
        bad(
            "draft task on a gateway",
            UNIFIED,
            "seedance2.0-720p",
            v -> v.draftTaskId("task_1"),
            "video.mode"),
        // URLs
        ok(
            "data image URL",
            ARK,
            ARK_MODEL,
            v -> v.firstFrame("data:image/png;base64,iVBORw0KGgo=")),
        ok("asset reference video", ARK, ARK_MODEL, v -> v.referenceVideos("asset://asset-123")),
        ok("http on localhost", ARK, ARK_MODEL, v -> v.firstFrame("http://localhost:8080/a.png")),
        ok("http on 127.0.0.1", ARK, ARK_MODEL, v -> v.firstFrame("http://127.0.0.1:8080/a.png")),
        bad(
            "http on a public host",
            ARK,
            ARK_MODEL,
            v -> v.firstFrame("http://example.com/a.png"),
            "video.firstFrame"),
        bad(
            "ftp URL",
            ARK,
            ARK_MODEL,
            v -> v.firstFrame("ftp://example.com/a.png"),
            "video.firstFrame"),
        bad(
            "data URL for a video",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").mode(Mode.EDIT).sourceVideo("data:video/mp4;base64,AAAA"),
            "video.sourceVideo"),
        bad(
            "data URL of the wrong kind for an image",
            ARK,
            ARK_MODEL,
            v -> v.firstFrame("data:text/plain;base64,AAAA"),
            "video.firstFrame"),
        bad(
            "reference image list names the index",
            ARK,
            ARK_MODEL,
            v -> v.referenceImages(IMG, "nonsense"),
            "video.referenceImages[1]"),
        // duration
        ok("ark duration 4", ARK, ARK_MODEL, v -> v.prompt("p").duration(4)),
        ok("ark duration 15", ARK, ARK_MODEL, v -> v.prompt("p").duration(15)),
        ok(
            "ark duration -1 lets the model decide",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").duration(-1)),
        bad("ark duration 3", ARK, ARK_MODEL, v -> v.prompt("p").duration(3), "video.duration"),
        bad("ark duration 16", ARK, ARK_MODEL, v -> v.prompt("p").duration(16), "video.duration"),
        ok("Seedance 2.5 duration 30", ARK, ARK_25, v -> v.prompt("p").duration(30)),
        bad(
            "Seedance 2.5 duration 31",
            ARK,
            ARK_25,
            v -> v.prompt("p").duration(31),
            "video.duration"),
        ok("Seedance 2.5 Flash duration 30", ARK, ARK_25_FLASH, v -> v.prompt("p").duration(30)),
        ok(
            "an Ark endpoint may be any model: 30 s",
            ARK,
            "ep-20261201-abc",
            v -> v.prompt("p").duration(30)),
        ok(
            "fal's Seedance 2.5 duration 30",
            FAL,
            "bytedance/seedance-2.5",
            v -> v.prompt("p").duration(30)),
        bad(
            "fal's Seedance 2.0 duration 30",
            FAL,
            "bytedance/seedance-2.0",
            v -> v.prompt("p").duration(30),
            "video.duration"),
        bad(
            "unified duration -1",
            UNIFIED,
            "seedance2.0-720p",
            v -> v.prompt("p").duration(-1),
            "video.duration"),
        ok("unified duration 4", UNIFIED, "seedance2.0-720p", v -> v.prompt("p").duration(4)),
        bad(
            "legacy duration 4 (the legacy documents say 5 to 15)",
            LEGACY,
            "seedance2.0-720p",
            v -> v.prompt("p").duration(4),
            "video.duration"),
        ok("legacy duration 5", LEGACY, "seedance2.0-720p", v -> v.prompt("p").duration(5)),
        // aspect ratio
        ok("ark adaptive", ARK, ARK_MODEL, v -> v.prompt("p").aspectRatio("adaptive")),
        ok(
            "unified takes adaptive as auto",
            UNIFIED,
            "seedance2.0-720p",
            v -> v.prompt("p").aspectRatio("adaptive")),
        bad("ark 2:1", ARK, ARK_MODEL, v -> v.prompt("p").aspectRatio("2:1"), "video.aspectRatio"),
        bad(
            "legacy 4:3",
            LEGACY,
            "seedance2.0-720p",
            v -> v.prompt("p").aspectRatio("4:3"),
            "video.aspectRatio"),
        ok("legacy 9:16", LEGACY, "seedance2.0-720p", v -> v.prompt("p").aspectRatio("9:16")),
        // resolution
        ok("ark 1080p standard", ARK, ARK_MODEL, v -> v.prompt("p").resolution("1080p")),
        bad(
            "ark 1080p fast",
            ARK,
            ARK_FAST,
            v -> v.prompt("p").resolution("1080p"),
            "video.resolution"),
        ok("ark 4k on Seedance 2.0 standard", ARK, ARK_MODEL, v -> v.prompt("p").resolution("4k")),
        bad("ark 4k fast", ARK, ARK_FAST, v -> v.prompt("p").resolution("4k"), "video.resolution"),
        bad(
            "ark 1080p mini",
            ARK,
            "dreamina-seedance-2-0-mini-260615",
            v -> v.prompt("p").resolution("1080p"),
            "video.resolution"),
        bad(
            "ark 1080p on Seedance 2.5 Flash",
            ARK,
            ARK_25_FLASH,
            v -> v.prompt("p").resolution("1080p"),
            "video.resolution"),
        bad(
            "fal's Seedance 2.5 at 1080p",
            FAL,
            "bytedance/seedance-2.5",
            v -> v.prompt("p").resolution("1080p"),
            "video.resolution"),
        ok(
            "the gateway's 4K model",
            UNIFIED,
            "seedance2.0-4k",
            v -> v.prompt("p").resolution("4k")),
        ok(
            "unified resolution matching the model",
            UNIFIED,
            "seedance2.0-720p",
            v -> v.prompt("p").resolution("720p")),
        bad(
            "unified resolution contradicting the model",
            UNIFIED,
            "seedance2.0-720p",
            v -> v.prompt("p").resolution("1080p"),
            "video.resolution"),
        bad(
            "legacy resolution contradicting the model",
            LEGACY,
            "seedance2.0-fast-480p",
            v -> v.prompt("p").resolution("720p"),
            "video.resolution"),
        // seed, expiry, service tier
        ok(
            "ark seed at the top of its range",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").seed(4_294_967_295L)),
        bad(
            "ark seed above its range",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").seed(4_294_967_296L),
            "video.seed"),
        bad("ark seed -2", ARK, ARK_MODEL, v -> v.prompt("p").seed(-2L), "video.seed"),
        ok("unified takes any seed", UNIFIED, "seedance2.0-720p", v -> v.prompt("p").seed(-99L)),
        ok(
            "ark expiry of one hour",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").executionExpiresAfter(3600)),
        ok(
            "ark expiry of three days",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").executionExpiresAfter(259_200)),
        bad(
            "ark expiry below one hour",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").executionExpiresAfter(3599),
            "video.executionExpiresAfter"),
        bad(
            "ark expiry above three days",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").executionExpiresAfter(259_201),
            "video.executionExpiresAfter"),
        bad(
            "unified expiry of zero",
            UNIFIED,
            "seedance2.0-720p",
            v -> v.prompt("p").executionExpiresAfter(0),
            "video.executionExpiresAfter"),
        ok("ark flex tier", ARK, ARK_MODEL, v -> v.prompt("p").serviceTier("flex")),
        bad(
            "ark unknown tier",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").serviceTier("gold"),
            "video.serviceTier"),
        // options a model or dialect does not support
        bad(
            "frames on Seedance 2.0",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").frames(121),
            "video.frames"),
        bad(
            "camera fixed on Seedance 2.0",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").cameraFixed(true),
            "video.cameraFixed"),
        ok(
            "camera fixed left off on Seedance 2.0",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").cameraFixed(false)),
        bad(
            "draft mode on Seedance 2.0",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").draft(true),
            "video.draft"),
        bad(
            "camera fixed on the gateway's Seedance 2.0",
            UNIFIED,
            "seedance2.0-720p",
            v -> v.prompt("p").cameraFixed(true),
            "video.cameraFixed"),
        ok(
            "camera fixed through the gateway on an unlisted model",
            UNIFIED,
            "seedance1.0-pro-720p",
            v -> v.prompt("p").cameraFixed(true)),
        // Seedance 2.5's own options
        ok("a mov from Seedance 2.5", ARK, ARK_25, v -> v.prompt("p").outputFormat("mov")),
        bad(
            "a mov from Seedance 2.0",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").outputFormat("mov"),
            "video.outputFormat"),
        bad(
            "an avi from Seedance 2.5",
            ARK,
            ARK_25,
            v -> v.prompt("p").outputFormat("avi"),
            "video.outputFormat"),
        bad(
            "an output format on fal",
            FAL,
            "bytedance/seedance-2.5",
            v -> v.prompt("p").outputFormat("mov"),
            "video.outputFormat"),
        ok(
            "an extension on Seedance 2.5",
            ARK,
            ARK_25,
            v -> v.prompt("p").referenceTaskType("extend").referenceVideos(VID).duration(20)),
        bad(
            "a reference task type on Seedance 2.0",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").referenceTaskType("edit").referenceVideos(VID),
            "video.referenceTaskType"),
        bad(
            "an unknown reference task type",
            ARK,
            ARK_25,
            v -> v.prompt("p").referenceTaskType("remix").referenceVideos(VID),
            "video.referenceTaskType"),
        ok(
            "an edit at its source's length",
            ARK,
            ARK_25,
            v -> v.prompt("p").referenceTaskType("edit").referenceVideos(VID).duration(-1)),
        ok(
            "an edit with the Modeler's duration and a ratio",
            ARK,
            ARK_25,
            v -> v.prompt("p").mode(Mode.EDIT).sourceVideo(VID).duration(5).aspectRatio("16:9")),
        ok(
            "thirty reference images on Seedance 2.5",
            ARK,
            ARK_25,
            v -> v.referenceImages(java.util.Collections.nCopies(30, IMG))),
        bad(
            "thirty-one reference images on Seedance 2.5",
            ARK,
            ARK_25,
            v -> v.referenceImages(java.util.Collections.nCopies(31, IMG)),
            "video.referenceImages"),
        bad(
            "callback URL on the gateway",
            UNIFIED,
            "seedance2.0-720p",
            v -> v.prompt("p").callbackUrl("https://hooks.example.com/x"),
            "video.callbackUrl"),
        ok(
            "callback URL on ark",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").callbackUrl("https://hooks.example.com/x")),
        bad(
            "callback URL over plain http",
            ARK,
            ARK_MODEL,
            v -> v.prompt("p").callbackUrl("http://hooks.example.com/x"),
            "video.callbackUrl"),
        bad(
            "seed on openai-compatible",
            OPENAI,
            "doubao-seedance-2-0-260128",
            v -> v.prompt("p").seed(1L),
            "video.seed"),
        bad(
            "frames and duration together",
            UNIFIED,
            "seedance2.0-720p",
            v -> v.prompt("p").frames(120).duration(5),
            "video.frames"),
        // provider settings
        bad(
            "no API key",
            new ProviderConfig(ProviderType.ARK, null, " "),
            ARK_MODEL,
            v -> v.prompt("p"),
            "provider.apiKey"),
        bad(
            "gateway without base URL",
            new ProviderConfig(ProviderType.UNIFIED, "", "key"),
            "seedance2.0-720p",
            v -> v.prompt("p"),
            "provider.baseUrl"),
        bad(
            "base URL over plain http",
            new ProviderConfig(ProviderType.ARK, "http://ark.example.com", "key"),
            ARK_MODEL,
            v -> v.prompt("p"),
            "provider.baseUrl"),
        bad(
            "base URL with the API path",
            new ProviderConfig(ProviderType.ARK, "https://ark.example.com/api/v3", "key"),
            ARK_MODEL,
            v -> v.prompt("p"),
            "provider.baseUrl"),
        ok(
            "base URL on localhost over http",
            new ProviderConfig(ProviderType.UNIFIED, "http://127.0.0.1:8089/", "key"),
            "seedance2.0-720p",
            v -> v.prompt("p")),
        // hostile values: each is refused before anything is sent
        bad(
            "a data URL that is not base64",
            ARK,
            ARK_MODEL,
            v -> v.firstFrame("data:image/png;base64,%%%"),
            "video.firstFrame"),
        bad(
            "a data URL without a format",
            ARK,
            ARK_MODEL,
            v -> v.firstFrame("data:image/;base64,"),
            "video.firstFrame"),
        bad(
            "a data URL with broken padding",
            ARK,
            ARK_MODEL,
            v -> v.firstFrame("data:image/png;base64,iVBORw0KGgo"),
            "video.firstFrame"),
        ok(
            "a well-formed data URL",
            ARK,
            ARK_MODEL,
            v -> v.firstFrame("data:image/png;base64,iVBORw0KGgo=")),
        bad(
            "an asset id that breaks a line",
            ARK,
            ARK_MODEL,
            v -> v.firstFrame("asset://x\r\nX-Injected: 1"),
            "video.firstFrame"),
        bad(
            "an asset id that climbs",
            ARK,
            ARK_MODEL,
            v -> v.firstFrame("asset://../../etc/passwd"),
            "video.firstFrame"),
        ok("an asset id", ARK, ARK_MODEL, v -> v.firstFrame("asset://asset-20260101-abc.1")),
        ok(
            "an international host name",
            ARK,
            ARK_MODEL,
            v -> v.firstFrame("https://bücher.example/a.png")),
        bad(
            "a base URL with a query",
            new ProviderConfig(ProviderType.ARK, "https://ark.example.com/?region=x", "key"),
            ARK_MODEL,
            v -> v.prompt("p"),
            "provider.baseUrl"),
        bad(
            "a base URL with a fragment",
            new ProviderConfig(ProviderType.ARK, "https://ark.example.com/#x", "key"),
            ARK_MODEL,
            v -> v.prompt("p"),
            "provider.baseUrl"),
        bad(
            "a base URL that reaches the API path through ..",
            new ProviderConfig(
                ProviderType.ARK, "https://ark.example.com/m/dd/../api/v3/x/..", "key"),
            ARK_MODEL,
            v -> v.prompt("p"),
            "provider.baseUrl"),
        bad(
            "a base URL with a user name",
            new ProviderConfig(ProviderType.ARK, "https://me:pw@ark.example.com", "key"),
            ARK_MODEL,
            v -> v.prompt("p"),
            "provider.baseUrl"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void rule(ProviderConfig provider, VideoRequest video, String failingField) {
    if (failingField == null) {
      assertThat(validate(provider, video).video().mode()).isNotNull();
      return;
    }
    SeedanceException e =
        catchThrowableOfType(SeedanceException.class, () -> validate(provider, video));
    assertThat(e).as("expected a problem with " + failingField).isNotNull();
    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(e.problems()).extracting(Problem::field).contains(failingField);
    assertThat(e.getMessage())
        .startsWith("SEEDANCE_INVALID_INPUT: ")
        .contains(failingField)
        .contains("nothing was sent");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    VideoRequest video =
        VideoRequest.builder(null)
            .duration(40)
            .aspectRatio("5:4")
            .firstFrame("ftp://x/y.png")
            .seed(-5L)
            .build();
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class,
            () -> validate(new ProviderConfig(ProviderType.ARK, null, null), video));
    assertThat(e.problems())
        .extracting(Problem::field)
        .containsExactlyInAnyOrder(
            "provider.apiKey",
            "video.model",
            "video.duration",
            "video.aspectRatio",
            "video.firstFrame",
            "video.seed");
    assertThat(e.getMessage()).contains("has 6 problems");
  }

  @Test
  void infersTheModeFromTheMedia() {
    assertThat(validate(ARK, VideoRequest.builder(ARK_MODEL).prompt("p").build()).video().mode())
        .isEqualTo(Mode.TEXT_TO_VIDEO);
    assertThat(
            validate(ARK, VideoRequest.builder(ARK_MODEL).firstFrame(IMG).build()).video().mode())
        .isEqualTo(Mode.IMAGE_TO_VIDEO);
    assertThat(
            validate(ARK, VideoRequest.builder(ARK_MODEL).firstFrame(IMG).lastFrame(IMG).build())
                .video()
                .mode())
        .isEqualTo(Mode.FIRST_LAST_FRAME);
    assertThat(
            validate(ARK, VideoRequest.builder(ARK_MODEL).referenceVideos(VID).build())
                .video()
                .mode())
        .isEqualTo(Mode.REFERENCE);
    assertThat(
            validate(ARK, VideoRequest.builder(ARK_25).draftTaskId("cgt-1").build()).video().mode())
        .isEqualTo(Mode.DRAFT);
  }

  @Test
  void fillsWhatTheDialectMustSend() {
    ValidRequest gateway =
        validate(
            UNIFIED,
            VideoRequest.builder("seedance2.0-720p").prompt("p").aspectRatio("adaptive").build());
    assertThat(gateway.video().duration())
        .as("the gateways require a duration; Ark's default is 5")
        .isEqualTo(5);
    assertThat(gateway.video().aspectRatio()).isEqualTo("auto");
    ValidRequest ark =
        validate(
            ARK,
            VideoRequest.builder(ARK_MODEL)
                .referenceImages(IMG)
                .referenceAudios(AUD)
                .aspectRatio("auto")
                .build());
    assertThat(ark.video().duration()).as("Ark decides its own default").isNull();
    assertThat(ark.video().generateAudio())
        .as("reference audio needs generate_audio=true")
        .isTrue();
    assertThat(ark.video().aspectRatio()).isEqualTo("adaptive");
  }

  @Test
  void aDraftIsSentAt480pAndMadeFinalAt1080pWhateverTheListShows() {
    assertThat(
            validate(
                    ARK,
                    VideoRequest.builder(ARK_25).prompt("p").draft(true).resolution("720p").build())
                .video()
                .resolution())
        .isEqualTo("480p");
    assertThat(
            validate(
                    ARK,
                    VideoRequest.builder(ARK_25).draftTaskId("cgt-1").resolution("720p").build())
                .video()
                .resolution())
        .isEqualTo("1080p");
    assertThat(
            validate(ARK, VideoRequest.builder(ARK_25).draftTaskId("cgt-1").build())
                .video()
                .resolution())
        .isEqualTo("1080p");
    assertThat(
            validate(
                    ARK,
                    VideoRequest.builder("ep-1").prompt("p").draft(true).resolution("720p").build())
                .video()
                .resolution())
        .as("an unlisted model's drafts are its own affair")
        .isEqualTo("720p");
  }

  @Test
  void anEditOnSeedance25IsSentAtItsSourcesLengthAndShape() {
    ValidRequest edit =
        validate(
            ARK,
            VideoRequest.builder(ARK_25)
                .prompt("make it dusk")
                .mode(Mode.EDIT)
                .sourceVideo(VID)
                .build());
    assertThat(edit.video().duration()).isEqualTo(-1);
    assertThat(edit.video().aspectRatio()).isEqualTo("adaptive");
    ValidRequest asShown =
        validate(
            ARK,
            VideoRequest.builder(ARK_25)
                .prompt("make it dusk")
                .referenceTaskType("edit")
                .referenceVideos(VID)
                .duration(5)
                .aspectRatio("16:9")
                .build());
    assertThat(asShown.video().duration())
        .as("the Modeler's default duration is not sent")
        .isEqualTo(-1);
    assertThat(asShown.video().aspectRatio()).isEqualTo("adaptive");
    ValidRequest onTwoZero =
        validate(
            ARK,
            VideoRequest.builder(ARK_MODEL)
                .prompt("make it dusk")
                .mode(Mode.EDIT)
                .sourceVideo(VID)
                .build());
    assertThat(onTwoZero.video().duration())
        .as("Seedance 2.0 takes no task type: nothing is settled for it")
        .isNull();
    ValidRequest onAnEndpoint =
        validate(
            ARK,
            VideoRequest.builder("ep-20261201-abc")
                .prompt("make it dusk")
                .mode(Mode.EDIT)
                .sourceVideo(VID)
                .duration(8)
                .build());
    assertThat(onAnEndpoint.video().duration())
        .as("an endpoint may be any model: its edit is sent as asked")
        .isEqualTo(8);
  }

  @Test
  void blankFieldsFromTheModelerMeanNotSet() {
    VideoRequest video =
        new VideoRequest(
            ARK_MODEL,
            "p",
            null,
            " ",
            "",
            null,
            java.util.Arrays.asList("", null),
            null,
            "",
            "",
            null,
            "",
            " ",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "",
            null,
            "",
            null,
            " ",
            null,
            " ",
            "");
    assertThat(validate(ARK, video).video().mode()).isEqualTo(Mode.TEXT_TO_VIDEO);
  }

  @Test
  void taskCallsNeedAUsableTaskId() {
    assertThatThrownBy(() -> RequestValidator.validateTaskCall(ARK, " "))
        .hasMessageContaining("task.id is required");
    assertThatThrownBy(() -> RequestValidator.validateTaskCall(ARK, "../../admin"))
        .hasMessageContaining("is not a task id");
    assertThatThrownBy(() -> RequestValidator.validateTaskCall(ARK, ".."))
        .hasMessageContaining("is not a task id");
    RequestValidator.validateTaskCall(ARK, "cgt-20260101-abc");
  }

  @Test
  void longOrLineBreakingValuesAreCutAndEscapedInMessages() {
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class,
            () -> RequestValidator.validateTaskCall(ARK, "x".repeat(10_000) + "/"));
    assertThat(e.getMessage()).hasSizeLessThan(600).contains("(10001 characters)");
    SeedanceException url =
        catchThrowableOfType(
            SeedanceException.class,
            () ->
                validate(
                    ARK,
                    VideoRequest.builder(ARK_MODEL)
                        .firstFrame("asset://x\r\nX-Injected: 1")
                        .build()));
    assertThat(url.getMessage()).doesNotContain("\r\n").contains("\\u000d\\u000a");
  }

  @Test
  void providerConfigNeverShowsItsKey() {
    assertThat(new ProviderConfig(ProviderType.ARK, null, "sk-very-secret").toString())
        .doesNotContain("sk-very-secret")
        .contains("<hidden>");
  }
}
