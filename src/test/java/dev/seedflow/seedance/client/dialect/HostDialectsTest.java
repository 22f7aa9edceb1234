package dev.seedflow.seedance.client.dialect;

import static dev.seedflow.seedance.client.dialect.DialectBodyTest.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.client.SnapshotParser;
import dev.seedflow.seedance.client.TaskOutcome;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.RequestValidator;
import dev.seedflow.seedance.request.VideoRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

/** fal's and Replicate's requests and answers, as their public API references show them. */
class HostDialectsTest {
  private static final HttpUrl FAL = HttpUrl.get("https://queue.fal.run");

  private static JsonNode json(String text) throws Exception {
    return Json.mapper().readTree(text);
  }

  @Test
  void falSendsEachModeToItsEndpointWithFalsFieldNames() throws Exception {
    Dialect fal = Dialect.of(ProviderType.FAL);
    VideoRequest frames =
        VideoRequest.builder("bytedance/seedance-2.0/fast")
            .prompt("p")
            .firstFrame("https://e.com/a.png")
            .lastFrame("https://e.com/b.png")
            .duration(-1)
            .aspectRatio("adaptive")
            .resolution("720p")
            .seed(7L)
            .generateAudio(false)
            .build();
    assertThat(fal.createPath(valid(ProviderType.FAL, frames)))
        .isEqualTo("/bytedance/seedance-2.0/fast/image-to-video");
    assertThat(json(fal.createBody(valid(ProviderType.FAL, frames)).toString()))
        .isEqualTo(
            json(
                """
                {"prompt": "p", "image_url": "https://e.com/a.png", "end_image_url": "https://e.com/b.png", "resolution": "720p",
                 "aspect_ratio": "auto", "duration": "auto", "generate_audio": false, "seed": 7}\
                """));
    VideoRequest reference =
        VideoRequest.builder("bytedance/seedance-2.0")
            .prompt("p")
            .referenceImages("https://e.com/a.png")
            .referenceAudios("https://e.com/a.mp3")
            .duration(5)
            .build();
    assertThat(fal.createPath(valid(ProviderType.FAL, reference)))
        .isEqualTo("/bytedance/seedance-2.0/reference-to-video");
    assertThat(json(fal.createBody(valid(ProviderType.FAL, reference)).toString()))
        .isEqualTo(
            json(
                """
                {"prompt": "p", "image_urls": ["https://e.com/a.png"], "audio_urls": ["https://e.com/a.mp3"], "duration": "5", "generate_audio": true}\
                """));
    assertThat(fal.authorization("k1")).isEqualTo("Key k1");
  }

  @Test
  void aFalTaskIdIsTheAppAndRequestOfTheStatusUrlFalGave() throws Exception {
    Dialect fal = Dialect.of(ProviderType.FAL);
    JsonNode created =
        fal.createdTask(
            json(
                """
                {"request_id": "80e7-1", "status_url": "https://queue.fal.run/bytedance/seedance-2.0/requests/80e7-1/status",
                 "response_url": "https://queue.fal.run/bytedance/seedance-2.0/requests/80e7-1",
                 "cancel_url": "https://queue.fal.run/bytedance/seedance-2.0/requests/80e7-1/cancel"}\
                """),
            FAL);
    assertThat(SnapshotParser.parse(created).taskId()).isEqualTo("bytedance:seedance-2.0:80e7-1");
    assertThat(fal.statusPaths("bytedance:seedance-2.0:80e7-1"))
        .containsExactly("/bytedance/seedance-2.0/requests/80e7-1/status");
    assertThat(fal.resultPath("bytedance:seedance-2.0:80e7-1"))
        .contains("/bytedance/seedance-2.0/requests/80e7-1");
    assertThat(fal.cancelCall("bytedance:seedance-2.0:80e7-1"))
        .contains(new CancelCall("PUT", "/bytedance/seedance-2.0/requests/80e7-1/cancel"));
  }

  @Test
  void aFalStatusUrlOnAnotherHostOrShapeNamesNoTask() throws Exception {
    Dialect fal = Dialect.of(ProviderType.FAL);
    assertThat(
            fal.createdTask(
                    json(
                        """
                        {"request_id": "r1", "status_url": "https://evil.example.com/bytedance/seedance-2.0/requests/r1/status"}\
                        """),
                    FAL)
                .has("id"))
        .isFalse();
    assertThat(
            fal.createdTask(
                    json(
                        """
                        {"request_id": "r1", "status_url": "https://queue.fal.run/bytedance/seedance-2.0/requests/r2/status"}\
                        """),
                    FAL)
                .has("id"))
        .isFalse();
    assertThat(fal.createdTask(json("{\"request_id\": \"r1\"}"), FAL).has("id")).isFalse();
    assertThatThrownBy(() -> fal.statusPaths("r1"))
        .isInstanceOf(SeedanceException.class)
        .hasMessageContaining("not a fal task id");
    assertThatThrownBy(() -> fal.statusPaths("bytedance:..:r1"))
        .isInstanceOf(SeedanceException.class);
  }

  @Test
  void falAnswersBecomeTasks() throws Exception {
    Dialect fal = Dialect.of(ProviderType.FAL);
    assertThat(
            SnapshotParser.parse(
                    fal.task(json("{\"status\": \"IN_QUEUE\", \"queue_position\": 3}")))
                .status())
        .isEqualTo(TaskStatus.QUEUED);
    assertThat(SnapshotParser.parse(fal.task(json("{\"status\": \"IN_PROGRESS\"}"))).status())
        .isEqualTo(TaskStatus.RUNNING);
    TaskSnapshot completed = SnapshotParser.parse(fal.task(json("{\"status\": \"COMPLETED\"}")));
    assertThat(completed.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(completed.videoUrl()).isNull();
    TaskSnapshot failed =
        SnapshotParser.parse(
            fal.task(
                json(
                    "{\"status\": \"COMPLETED\", \"error\": \"Internal error\", \"error_type\":"
                        + " \"runner_disconnected\"}")));
    assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(failed.error())
        .isEqualTo(new TaskSnapshot.TaskError("runner_disconnected", "Internal error"));
    TaskSnapshot result =
        SnapshotParser.parse(
            fal.task(
                json(
                    "{\"video\": {\"url\": \"https://v3.fal.media/files/x.mp4\"}, \"seed\": 42}")));
    assertThat(result.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(result.videoUrl()).isEqualTo("https://v3.fal.media/files/x.mp4");
    assertThat(result.seed()).isEqualTo(42L);
  }

  /**
   * fal's two failure forms of a result (fal, "Request Error Types" and "Model errors") are the
   * request's ending, with fal's type as the code; a refusal of the key, of the id or for the rate,
   * and a 5xx with no type, are not.
   */
  @Test
  void falsFailureFormsOfAResultAreTheRequestsEnding() throws Exception {
    Dialect fal = Dialect.of(ProviderType.FAL);
    TaskSnapshot requestError =
        SnapshotParser.parse(
            fal.resultInRefusal(
                    503,
                    Headers.of("X-Fal-Error-Type", "runner_disconnected"),
                    json(
                        "{\"detail\": \"Runner disconnected\", \"error_type\":"
                            + " \"runner_disconnected\"}"))
                .orElseThrow());
    assertThat(requestError.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(requestError.error())
        .isEqualTo(new TaskSnapshot.TaskError("runner_disconnected", "Runner disconnected"));
    TaskSnapshot headerOnly =
        SnapshotParser.parse(
            fal.resultInRefusal(504, Headers.of("X-Fal-Error-Type", "request_timeout"), json("{}"))
                .orElseThrow());
    assertThat(headerOnly.error().code()).isEqualTo("request_timeout");
    assertThat(headerOnly.error().message()).contains("HTTP 504");
    TaskSnapshot modelError =
        SnapshotParser.parse(
            fal.resultInRefusal(
                    422,
                    Headers.of(),
                    json(
                        "{\"detail\": [{\"loc\": [\"body\", \"prompt\"], \"msg\": \"The prompt was"
                            + " flagged\", \"type\": \"content_policy_violation\"}]}"))
                .orElseThrow());
    assertThat(modelError.error())
        .isEqualTo(
            new TaskSnapshot.TaskError(
                "content_policy_violation", "prompt: The prompt was flagged"));
    assertThat(
            SnapshotParser.parse(
                    fal.resultInRefusal(
                            400, Headers.of("X-Fal-Error-Type", "request_cancelled"), json("{}"))
                        .orElseThrow())
                .status())
        .isEqualTo(TaskStatus.CANCELLED);
    for (int status : new int[] {401, 403, 404, 429, 500, 502, 503}) {
      assertThat(fal.resultInRefusal(status, Headers.of(), json("{\"detail\": \"Bad gateway\"}")))
          .as("HTTP " + status)
          .isEmpty();
    }
    assertThat(
            Dialect.of(ProviderType.REPLICATE)
                .resultInRefusal(503, Headers.of("X-Fal-Error-Type", "x"), json("{}")))
        .isEmpty();
  }

  @Test
  void falsCancelAnswersSayWhatBecameOfTheRequest() throws Exception {
    Dialect fal = Dialect.of(ProviderType.FAL);
    assertThat(fal.cancelOutcome(json("{\"status\": \"OK\"}"))).isEqualTo(CancelOutcome.CANCELLED);
    assertThat(fal.cancelOutcome(json("{\"status\": \"CANCELLATION_REQUESTED\"}")))
        .isEqualTo(CancelOutcome.REQUESTED);
    assertThat(fal.cancelOutcome(json("{\"status\": \"SOMETHING_NEW\"}")))
        .as("an undocumented word is not a cancellation")
        .isEqualTo(CancelOutcome.REQUESTED);
    JsonNode completed = json("{\"status\": \"ALREADY_COMPLETED\"}");
    assertThat(fal.cancelInRefusal(400, Headers.of(), completed)).contains(completed);
    assertThat(fal.cancelOutcome(completed)).isEqualTo(CancelOutcome.ALREADY_ENDED);
    assertThat(fal.cancelInRefusal(400, Headers.of(), json("{\"detail\": \"bad\"}"))).isEmpty();
    assertThat(
            Dialect.of(ProviderType.REPLICATE).cancelOutcome(json("{\"status\": \"processing\"}")))
        .isEqualTo(CancelOutcome.CANCELLED);
  }

  @Test
  void replicateSendsTheInputToTheModelsPredictions() throws Exception {
    Dialect replicate = Dialect.of(ProviderType.REPLICATE);
    VideoRequest video =
        VideoRequest.builder("bytedance/seedance-2.0")
            .prompt("p")
            .firstFrame("https://e.com/a.png")
            .duration(-1)
            .aspectRatio("auto")
            .resolution("480p")
            .build();
    assertThat(replicate.createPath(valid(ProviderType.REPLICATE, video)))
        .isEqualTo("/v1/models/bytedance/seedance-2.0/predictions");
    assertThat(json(replicate.createBody(valid(ProviderType.REPLICATE, video)).toString()))
        .isEqualTo(
            json(
                """
                {"input": {"prompt": "p", "image": "https://e.com/a.png", "duration": -1, "resolution": "480p", "aspect_ratio": "adaptive"}}\
                """));
    assertThat(replicate.statusPaths("gm3q")).containsExactly("/v1/predictions/gm3q");
    assertThat(replicate.cancelCall("gm3q"))
        .contains(new CancelCall("POST", "/v1/predictions/gm3q/cancel"));
    assertThat(replicate.authorization("r8_k")).isEqualTo("Bearer r8_k");
  }

  @Test
  void replicatePredictionsBecomeTasks() throws Exception {
    Dialect replicate = Dialect.of(ProviderType.REPLICATE);
    assertThat(
            SnapshotParser.parse(
                    replicate.task(
                        json("{\"id\": \"gm3q\", \"status\": \"starting\", \"output\": null}")))
                .status())
        .isEqualTo(TaskStatus.QUEUED);
    TaskSnapshot done =
        SnapshotParser.parse(
            replicate.task(
                json(
                    "{\"id\": \"gm3q\", \"status\": \"succeeded\", \"output\":"
                        + " \"https://replicate.delivery/x/out.mp4\", \"created_at\":"
                        + " \"2026-12-02T10:00:00Z\"}")));
    assertThat(done.videoUrl()).isEqualTo("https://replicate.delivery/x/out.mp4");
    TaskSnapshot failed =
        SnapshotParser.parse(
            replicate.task(
                json(
                    "{\"id\": \"gm3q\", \"status\": \"failed\", \"error\": \"NSFW content"
                        + " detected\"}")));
    assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(failed.error().message()).isEqualTo("NSFW content detected");
    assertThat(
            SnapshotParser.parse(
                    replicate.task(json("{\"id\": \"gm3q\", \"status\": \"canceled\"}")))
                .status())
        .isEqualTo(TaskStatus.CANCELLED);
  }

  /**
   * Every form of a success without a single video URL that a host could send: an incident naming
   * what was there.
   */
  @Test
  void aSuccessWithNoSingleVideoUrlIsAFailureNamingWhatWasThere() throws Exception {
    Dialect replicate = Dialect.of(ProviderType.REPLICATE);
    Dialect fal = Dialect.of(ProviderType.FAL);
    Map<String, String> answers = new LinkedHashMap<>();
    answers.put(
        "{\"id\": \"gm3q\", \"status\": \"succeeded\", \"output\": null}",
        "Replicate's output is null");
    answers.put("{\"id\": \"gm3q\", \"status\": \"succeeded\"}", "Replicate's output is missing");
    answers.put(
        "{\"id\": \"gm3q\", \"status\": \"succeeded\", \"output\": {\"x\": 1}}",
        "Replicate's output is {\"x\":1}");
    answers.put(
        "{\"id\": \"gm3q\", \"status\": \"succeeded\", \"output\": [\"https://a/1.mp4\","
            + " \"https://a/2.mp4\"]}",
        "Replicate's output is [");
    answers.put(
        "{\"id\": \"gm3q\", \"status\": \"succeeded\", \"output\": []}",
        "Replicate's output is []");
    for (Map.Entry<String, String> answer : answers.entrySet()) {
      SeedanceException failure =
          TaskOutcome.failureOf(SnapshotParser.parse(replicate.task(json(answer.getKey()))))
              .orElseThrow();
      assertThat(failure.errorCode()).as(answer.getKey()).isEqualTo(ErrorCode.BAD_RESPONSE);
      assertThat(failure.getMessage())
          .as(answer.getKey())
          .contains(answer.getValue())
          .contains("gm3q")
          .contains(Dialect.NO_VIDEO);
    }
    SeedanceException listed =
        TaskOutcome.failureOf(
                SnapshotParser.parse(
                    fal.task(json("{\"video\": {\"url\": [\"https://v3.fal.media/x.mp4\"]}}"))))
            .orElseThrow();
    assertThat(listed.getMessage())
        .contains("fal's result has video.url [\"https://v3.fal.media/x.mp4\"], not one video URL");
    SeedanceException ark =
        TaskOutcome.failureOf(
                SnapshotParser.parse(
                    json("{\"id\": \"cgt-1\", \"status\": \"succeeded\", \"content\": {}}")))
            .orElseThrow();
    assertThat(ark.getMessage()).contains("holds no video URL").contains("cgt-1");
    assertThat(
            TaskOutcome.failureOf(
                SnapshotParser.parse(
                    replicate.task(
                        json(
                            "{\"id\": \"gm3q\", \"status\": \"succeeded\", \"output\":"
                                + " [\"https://replicate.delivery/x/out.mp4\"]}")))))
        .as("a list of one is the video")
        .isEmpty();
  }

  @Test
  void aModelOfAnotherHostIsRefusedNamingBoth() {
    assertThatThrownBy(
            () ->
                RequestValidator.validate(
                    new ProviderConfig(ProviderType.FAL, null, "k"),
                    VideoRequest.builder("dreamina-seedance-2-0-260128").prompt("p").build(),
                    Dialect.of(ProviderType.FAL).rules()))
        .isInstanceOf(SeedanceException.class)
        .hasMessageContaining("'dreamina-seedance-2-0-260128' is not a model the fal API serves")
        .hasMessageContaining("bytedance/seedance-2.0/fast");
    assertThatThrownBy(
            () ->
                RequestValidator.validate(
                    new ProviderConfig(ProviderType.FAL, null, "k"),
                    VideoRequest.builder("bytedance/seedance-2.0/text-to-video")
                        .prompt("p")
                        .build(),
                    Dialect.of(ProviderType.FAL).rules()))
        .hasMessageContaining("without the mode");
    assertThatThrownBy(
            () ->
                RequestValidator.validate(
                    new ProviderConfig(ProviderType.ARK, null, "k"),
                    VideoRequest.builder("bytedance/seedance-2.0").prompt("p").build(),
                    Dialect.of(ProviderType.ARK).rules()))
        .hasMessageContaining("'bytedance/seedance-2.0' is not a model the ark API serves");
    assertThatThrownBy(
            () ->
                RequestValidator.validate(
                    new ProviderConfig(ProviderType.REPLICATE, null, "k"),
                    VideoRequest.builder("bytedance/seedance-2.0/fast").prompt("p").build(),
                    Dialect.of(ProviderType.REPLICATE).rules()))
        .hasMessageContaining("is not a model the replicate API serves")
        .hasMessageContaining("bytedance/seedance-2.0-fast");
  }

  @Test
  void arksNewFieldsAreCheckedAndOnlyArkTakesThem() {
    ProviderConfig ark = new ProviderConfig(ProviderType.ARK, null, "k");
    assertThatThrownBy(
            () ->
                RequestValidator.validate(
                    ark,
                    VideoRequest.builder("dreamina-seedance-2-0-260128")
                        .prompt("p")
                        .priority(10)
                        .safetyIdentifier("jane.doe@example.com")
                        .build(),
                    Dialect.of(ProviderType.ARK).rules()))
        .hasMessageContaining("video.priority must be 0 to 9, got 10")
        .hasMessageContaining("video.safetyIdentifier")
        .hasMessageContaining("never a name or an e-mail");
    assertThatThrownBy(
            () ->
                RequestValidator.validate(
                    new ProviderConfig(ProviderType.FAL, null, "k"),
                    VideoRequest.builder("bytedance/seedance-2.0")
                        .prompt("p")
                        .webSearch(true)
                        .build(),
                    Dialect.of(ProviderType.FAL).rules()))
        .hasMessageContaining("video.webSearch is not supported by the fal API");
  }
}
