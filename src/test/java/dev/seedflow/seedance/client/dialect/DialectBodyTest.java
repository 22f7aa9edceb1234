package dev.seedflow.seedance.client.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.RequestValidator;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import org.junit.jupiter.api.Test;

/** The exact bodies each dialect sends, checked against the request examples of the seeds. */
class DialectBodyTest {
  private static final ObjectMapper JSON = Json.mapper();

  /** What goes over the wire, read back as the provider reads it. */
  private static JsonNode body(ProviderType type, VideoRequest video) {
    String sent =
        Dialect.of(type)
            .createBody(
                RequestValidator.validate(
                    new ProviderConfig(type, "https://gw.example.com", "k"),
                    video,
                    Dialect.of(type).rules()))
            .toString();
    try {
      return JSON.readTree(sent);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void unifiedSingleImageIsSeed000Example62PlusThePrompt() throws Exception {
    VideoRequest video =
        VideoRequest.builder("seedance2.0-fast-720p")
            .prompt(", camera, style")
            .firstFrame("https://example.com/product.png")
            .duration(5)
            .aspectRatio("16:9")
            .generateAudio(false)
            .watermark(false)
            .build();
    assertThat(body(ProviderType.UNIFIED, video))
        .isEqualTo(
            json(
                """
                {"model": "seedance2.0-fast-720p", "prompt": ", camera, style",
                 "content": [{"type": "text", "text": ", camera, style"},
                             {"type": "image_url", "url": "https://example.com/product.png", "role": "image"}],
                 "duration": 5, "aspect_ratio": "16:9", "extra_body": {"generate_audio": false, "watermark": false}}\
                """));
  }

  @Test
  void unifiedFirstLastFrameIsSeed000Example63() throws Exception {
    VideoRequest video =
        VideoRequest.builder("seedance2.0-720p")
            .prompt(", subject ")
            .firstFrame("https://example.com/start.png")
            .lastFrame("https://example.com/end.png")
            .duration(6)
            .aspectRatio("16:9")
            .build();
    assertThat(body(ProviderType.UNIFIED, video))
        .isEqualTo(
            json(
                """
                {"model": "seedance2.0-720p", "prompt": ", subject",
                 "content": [{"type": "text", "text": ", subject"},
                             {"type": "image_url", "url": "https://example.com/start.png", "role": "first_frame"},
                             {"type": "image_url", "url": "https://example.com/end.png", "role": "last_frame"}],
                 "duration": 6, "aspect_ratio": "16:9"}\
                """));
  }

  @Test
  void unifiedEditUsesTheSourceVideoRole() throws Exception {
    VideoRequest video =
        VideoRequest.builder("seedance2.0-720p")
            .prompt("to change video into style")
            .mode(Mode.EDIT)
            .sourceVideo("https://example.com/source.mp4")
            .duration(5)
            .aspectRatio("16:9")
            .watermark(false)
            .build();
    assertThat(body(ProviderType.UNIFIED, video).get("content").get(1))
        .isEqualTo(
            json(
                """
                {"type": "video_url", "url": "https://example.com/source.mp4", "role": "source_video"}\
                """));
  }

  @Test
  void legacyFirstLastFrameIsSeed000Example72() throws Exception {
    VideoRequest video =
        VideoRequest.builder("seedance2.0-720p")
            .prompt("p")
            .firstFrame("https://example.com/start.png")
            .lastFrame("https://example.com/end.png")
            .duration(6)
            .aspectRatio("16:9")
            .build();
    assertThat(body(ProviderType.UNIFIED_LEGACY, video))
        .isEqualTo(
            json(
                """
                {"model": "seedance2.0-720p", "prompt": "p", "image": "https://example.com/start.png",
                 "last_image": "https://example.com/end.png", "duration": 6, "aspect_ratio": "16:9",
                 "extra_body": {"operation": "first_last_frame"}}\
                """));
  }

  @Test
  void legacyReferenceIsSeed000Example73() throws Exception {
    VideoRequest video =
        VideoRequest.builder("seedance2.0-720p")
            .prompt("generate a reference action and audio video")
            .referenceImages("https://example.com/ref-1.png")
            .referenceVideos("https://example.com/ref.mp4")
            .referenceAudios("https://example.com/ref.mp3")
            .duration(8)
            .aspectRatio("16:9")
            .build();
    assertThat(body(ProviderType.UNIFIED_LEGACY, video))
        .isEqualTo(
            json(
                """
                {"model": "seedance2.0-720p", "prompt": "generate a reference action and audio video",
                 "images": ["https://example.com/ref-1.png"], "videos": ["https://example.com/ref.mp4"],
                 "audios": ["https://example.com/ref.mp3"], "duration": 8, "aspect_ratio": "16:9",
                 "extra_body": {"generate_audio": true, "operation": "reference_to_video"}}\
                """));
  }

  @Test
  void legacyEditIsSeed000Example74AndTextToVideoHasNoOperation() throws Exception {
    VideoRequest edit =
        VideoRequest.builder("seedance2.0-720p")
            .prompt("to change video into style")
            .mode(Mode.EDIT)
            .sourceVideo("https://example.com/source.mp4")
            .duration(5)
            .aspectRatio("16:9")
            .build();
    assertThat(body(ProviderType.UNIFIED_LEGACY, edit))
        .isEqualTo(
            json(
                """
                {"model": "seedance2.0-720p", "prompt": "to change video into style", "video": "https://example.com/source.mp4",
                 "duration": 5, "aspect_ratio": "16:9", "extra_body": {"operation": "edit_video"}}\
                """));
    JsonNode text =
        body(
            ProviderType.UNIFIED_LEGACY,
            VideoRequest.builder("jisudance2.0-480p").prompt(" x ").aspectRatio("9:16").build());
    assertThat(text)
        .isEqualTo(
            json(
                """
                {"model": "jisudance2.0-480p", "prompt": "x", "duration": 5, "aspect_ratio": "9:16"}\
                """));
  }

  @Test
  void arkNestsUrlsAndKeepsOptionsTopLevel() throws Exception {
    VideoRequest video =
        VideoRequest.builder("dreamina-seedance-2-0-260128")
            .prompt("a product turntable")
            .referenceImages("https://example.com/p.png")
            .referenceAudios("https://example.com/m.mp3")
            .resolution("720p")
            .aspectRatio("auto")
            .duration(-1)
            .seed(11L)
            .watermark(false)
            .returnLastFrame(true)
            .serviceTier("flex")
            .executionExpiresAfter(7200)
            .callbackUrl("https://hooks.example.com/seedance")
            .priority(3)
            .safetyIdentifier("u-5f2c")
            .webSearch(true)
            .build();
    assertThat(body(ProviderType.ARK, video))
        .isEqualTo(
            json(
                """
                {"model": "dreamina-seedance-2-0-260128",
                 "content": [{"type": "text", "text": "a product turntable"},
                             {"type": "image_url", "image_url": {"url": "https://example.com/p.png"}, "role": "reference_image"},
                             {"type": "audio_url", "audio_url": {"url": "https://example.com/m.mp3"}, "role": "reference_audio"}],
                 "resolution": "720p", "ratio": "adaptive", "duration": -1, "seed": 11, "watermark": false, "generate_audio": true,
                 "return_last_frame": true, "service_tier": "flex", "execution_expires_after": 7200,
                 "callback_url": "https://hooks.example.com/seedance", "priority": 3, "safety_identifier": "u-5f2c",
                 "tools": [{"type": "web_search"}]}\
                """));
  }

  @Test
  void arkSendsTheVideoToExtendAsReferenceVideo() throws Exception {
    VideoRequest video =
        VideoRequest.builder("dreamina-seedance-2-0-260128")
            .prompt("continue")
            .mode(Mode.EXTEND)
            .sourceVideo("asset://asset-1")
            .build();
    assertThat(body(ProviderType.ARK, video).get("content").get(1))
        .isEqualTo(
            json(
                """
                {"type": "video_url", "video_url": {"url": "asset://asset-1"}, "role": "reference_video"}\
                """));
  }

  @Test
  void arkDraftTaskIsTheOnlyContent() throws Exception {
    assertThat(
            body(
                ProviderType.ARK,
                VideoRequest.builder("doubao-seedance-1-5-pro-251215")
                    .draftTaskId("cgt-draft-1")
                    .build()))
        .isEqualTo(
            json(
                """
                {"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "draft_task", "draft_task": {"id": "cgt-draft-1"}}]}\
                """));
  }

  @Test
  void openAiCompatibleReferenceMaterialHasNamedItems() throws Exception {
    VideoRequest video =
        VideoRequest.builder("doubao-seedance-2-0-260128")
            .prompt("a short story from the material")
            .referenceImages("https://example.com/ref.png")
            .referenceVideos("https://example.com/ref.mp4")
            .duration(6)
            .aspectRatio("9:16")
            .resolution("720p")
            .watermark(false)
            .build();
    assertThat(body(ProviderType.OPENAI_COMPATIBLE, video))
        .isEqualTo(
            json(
                """
                {"model": "doubao-seedance-2-0-260128", "prompt": "a short story from the material", "mode": "reference_material",
                 "content": [{"type": "text", "text": "a short story from the material"},
                             {"type": "image_url", "image_url": {"url": "https://example.com/ref.png"}, "role": "reference_image", "name": "1"},
                             {"type": "video_url", "video_url": {"url": "https://example.com/ref.mp4"}, "role": "reference_video", "name": "2"}],
                 "duration": 6, "ratio": "9:16", "resolution": "720p", "watermark": false}\
                """));
  }

  @Test
  void openAiCompatibleModes() {
    String model = "doubao-seedance-2-0-260128";
    assertThat(
            body(ProviderType.OPENAI_COMPATIBLE, VideoRequest.builder(model).prompt("p").build())
                .get("mode")
                .asText())
        .isEqualTo("t2v");
    assertThat(
            body(
                    ProviderType.OPENAI_COMPATIBLE,
                    VideoRequest.builder(model).prompt("p").firstFrame("https://e/a.png").build())
                .get("mode")
                .asText())
        .isEqualTo("i2v");
    assertThat(
            body(
                    ProviderType.OPENAI_COMPATIBLE,
                    VideoRequest.builder(model)
                        .prompt("p")
                        .firstFrame("https://e/a.png")
                        .lastFrame("https://e/b.png")
                        .build())
                .get("mode")
                .asText())
        .isEqualTo("i2v_first_last");
    assertThat(
            body(
                    ProviderType.OPENAI_COMPATIBLE,
                    VideoRequest.builder(model)
                        .prompt("p")
                        .referenceImages("https://e/a.png")
                        .build())
                .get("mode")
                .asText())
        .isEqualTo("reference_images");
  }

  @Test
  void pathsFollowTheDocuments() {
    VideoRequest text = VideoRequest.builder("doubao-seedance-2-0-260128").prompt("p").build();
    assertThat(Dialect.of(ProviderType.ARK).createPath(valid(ProviderType.ARK, text)))
        .isEqualTo("/api/v3/contents/generations/tasks");
    assertThat(Dialect.of(ProviderType.UNIFIED).createPath(valid(ProviderType.UNIFIED, text)))
        .isEqualTo("/v1/videos/generations");
    assertThat(
            Dialect.of(ProviderType.UNIFIED_LEGACY)
                .createPath(valid(ProviderType.UNIFIED_LEGACY, text)))
        .isEqualTo("/v1/video/generations");
    assertThat(
            Dialect.of(ProviderType.OPENAI_COMPATIBLE)
                .createPath(valid(ProviderType.OPENAI_COMPATIBLE, text)))
        .isEqualTo("/v1/videos");
    assertThat(Dialect.of(ProviderType.UNIFIED).statusPaths("t1"))
        .containsExactly("/v1/videos/t1", "/v1/videos/generations/t1");
    assertThat(Dialect.of(ProviderType.ARK).cancelCall("c1"))
        .contains(new CancelCall("DELETE", "/api/v3/contents/generations/tasks/c1"));
    assertThat(Dialect.of(ProviderType.UNIFIED).cancelCall("t1")).isEmpty();
  }

  static ValidRequest valid(ProviderType type, VideoRequest video) {
    return RequestValidator.validate(
        new ProviderConfig(type, "https://gw.example.com", "k"), video, Dialect.of(type).rules());
  }
}
