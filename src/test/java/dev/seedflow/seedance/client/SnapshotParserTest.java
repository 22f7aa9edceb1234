package dev.seedflow.seedance.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Normalisation, with the response examples of the seeds and the Ark notes. */
class SnapshotParserTest {
  private static final ObjectMapper JSON = Json.mapper();

  private static TaskSnapshot parse(String json) throws Exception {
    return SnapshotParser.parse(JSON.readTree(json));
  }

  @Test
  void seed000SubmitAnswer() throws Exception {
    TaskSnapshot task =
        parse(
            """
            {"id": "task_xxx", "task_id": "task_xxx", "object": "video.generation.job", "model": "seedance2.0-720p",
             "status": "queued", "raw_status": "PENDING", "progress": 0, "created_at": 1773980459, "video_url": null}\
            """);
    assertThat(task.taskId()).isEqualTo("task_xxx");
    assertThat(task.status()).isEqualTo(TaskStatus.QUEUED);
    assertThat(task.rawStatus()).isEqualTo("PENDING");
    assertThat(task.progress()).isZero();
    assertThat(task.videoUrl()).isNull();
    assertThat(task.createdAt()).isEqualTo("2026-03-20T04:20:59Z");
  }

  @Test
  void seed000And002CompletedAnswer() throws Exception {
    TaskSnapshot task =
        parse(
            """
            {"id": "task_xxx", "error": null, "model": "seedance2.0-720p", "object": "video.generation.job",
             "result": {"outputs": ["https://xxx.aijisu.cn/video/xxxx.mp4"], "video_url": "https://xxx.aijisu.cn/video/xxx.mp4"},
             "status": "completed", "task_id": "task_xxxxx", "progress": 100, "video_url": "https://xxx.aijisu.cn/video/xxx.mp4",
             "created_at": 1774405050, "raw_status": "COMPLETED"}\
            """);
    assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(task.videoUrl()).isEqualTo("https://xxx.aijisu.cn/video/xxx.mp4");
    assertThat(task.progress()).isEqualTo(100);
    assertThat(task.error()).isNull();
  }

  @Test
  void seed003StatusAnswer() throws Exception {
    TaskSnapshot task =
        parse(
            """
            {"id": "task_xxx", "task_id": "task_xxx", "object": "video.generation.job", "model": "seedance2.0-720p",
             "status": "completed", "progress": 100, "video_url": "https://example.com/output.mp4"}\
            """);
    assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(task.videoUrl()).isEqualTo("https://example.com/output.mp4");
  }

  @Test
  void arkTask() throws Exception {
    TaskSnapshot task =
        parse(
            """
            {"id": "cgt-2026", "model": "dreamina-seedance-2-0-260128", "status": "succeeded", "error": null,
             "created_at": 1774405050, "updated_at": 1774405110,
             "content": {"video_url": "https://ark.example/v.mp4", "last_frame_url": "https://ark.example/f.png"},
             "seed": 58944, "resolution": "720p", "ratio": "16:9", "duration": 5, "framespersecond": 24, "generate_audio": true,
             "usage": {"completion_tokens": 108900, "total_tokens": 108900}, "service_tier": "default", "execution_expires_after": 172800}\
            """);
    assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(task.videoUrl()).isEqualTo("https://ark.example/v.mp4");
    assertThat(task.lastFrameUrl()).isEqualTo("https://ark.example/f.png");
    assertThat(task.progress())
        .as("a finished task is 100 % even when no progress is reported")
        .isEqualTo(100);
    assertThat(task.usage()).isEqualTo(new TaskSnapshot.Usage(108900L, 108900L));
    assertThat(task.seed()).isEqualTo(58944L);
    assertThat(task.duration()).isEqualTo(5);
    assertThat(task.updatedAt()).isEqualTo("2026-03-25T02:18:30Z");
  }

  @Test
  void arkFailedTaskCarriesTheProviderCode() throws Exception {
    TaskSnapshot task =
        parse(
            """
            {"id": "cgt-1", "status": "failed", "error": {"code": "OutputVideoSensitiveContentDetected", "message": "sensitive"}}\
            """);
    assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task.error())
        .isEqualTo(new TaskSnapshot.TaskError("OutputVideoSensitiveContentDetected", "sensitive"));
  }

  @Test
  void seed004ItemsAnswer() throws Exception {
    TaskSnapshot task =
        parse(
            """
            {"items": [{"id": "video_1", "status": "in_progress", "progress": 42, "content": {"video_url": null}, "error": null}]}\
            """);
    assertThat(task.taskId()).isEqualTo("video_1");
    assertThat(task.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(task.progress()).isEqualTo(42);
    assertThat(task.videoUrl()).isNull();
  }

  @Test
  void seed004ItemsWithTheUrlOnTheItem() throws Exception {
    TaskSnapshot task =
        parse(
            """
            {"items": [{"id": "video_1", "status": "completed", "video_url": "https://gw.example/v.mp4"}]}\
            """);
    assertThat(task.videoUrl()).isEqualTo("https://gw.example/v.mp4");
  }

  @Test
  void dataWrapperAndStringError() throws Exception {
    TaskSnapshot task =
        parse(
            """
            {"code": 0, "data": {"task_id": "t-9", "status": "FAILURE", "fail_reason": "upstream refused", "progress": "37%"}}\
            """);
    assertThat(task.taskId()).isEqualTo("t-9");
    assertThat(task.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(task.error().message()).isEqualTo("upstream refused");
    assertThat(task.progress()).isEqualTo(37);
  }

  @Test
  void rawStatusAloneIsEnough() throws Exception {
    assertThat(
            parse(
                "{\"id\": \"t\", \"raw_status\": \"SUCCESS\", \"result\": {\"outputs\":"
                    + " [\"https://v/1.mp4\"]}}"))
        .satisfies(
            t -> {
              assertThat(t.status()).isEqualTo(TaskStatus.SUCCEEDED);
              assertThat(t.videoUrl()).isEqualTo("https://v/1.mp4");
            });
  }

  @Test
  void anUnknownStatusWordIsUnknownNotACrash() throws Exception {
    TaskSnapshot task = parse("{\"id\": \"t\", \"status\": \"RENDERING_FRAMES\"}");
    assertThat(task.status()).isEqualTo(TaskStatus.UNKNOWN);
    assertThat(task.rawStatus()).isEqualTo("RENDERING_FRAMES");
  }

  @Test
  void anAnswerWithoutATaskIsABadResponse() throws Exception {
    JsonNode body = JSON.readTree("{\"hello\": \"world\"}");
    SeedanceException e =
        catchThrowableOfType(SeedanceException.class, () -> SnapshotParser.parse(body));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_RESPONSE);
    assertThat(e.getMessage()).contains("SEEDANCE_BAD_RESPONSE").contains("hello");
  }

  @Test
  void arkListAnswer() throws Exception {
    var tasks =
        SnapshotParser.parseList(
            JSON.readTree(
                """
                {"total": 2, "items": [{"id": "a", "status": "running"}, {"id": "b", "status": "succeeded", "content": {"video_url": "https://v/b.mp4"}}]}\
                """));
    assertThat(tasks).extracting(item -> item.task().taskId()).containsExactly("a", "b");
    assertThat(tasks.get(1).task().videoUrl()).isEqualTo("https://v/b.mp4");
  }

  @Test
  void aFailedTasksProviderTextIsCutAndEscapedInTheIncident() {
    String forged =
        "Sensitive content.\r\n2026-12-02 INFO everything is fine\n" + "x".repeat(60_000);
    TaskSnapshot failed =
        new TaskSnapshot(
            "cgt-1",
            TaskStatus.FAILED,
            "failed",
            null,
            null,
            null,
            "m",
            null,
            null,
            null,
            null,
            null,
            new TaskSnapshot.TaskError("OutputVideo\nSensitive", forged),
            null,
            null);
    SeedanceException e = TaskOutcome.failureOf(failed).orElseThrow();
    assertThat(e.getMessage())
        .doesNotContain("\r")
        .doesNotContain("\n")
        .contains("\\u000d\\u000a")
        .contains(" characters)")
        .hasSizeLessThan(1000);
    assertThat(e.providerMessage()).hasValueSatisfying(m -> assertThat(m.length()).isLessThan(400));
  }

  @Test
  void aPoisonedItemOfAListSpoilsNoOther() throws Exception {
    var items =
        SnapshotParser.parseList(
            JSON.readTree(
                """
                {"total": 3, "items": [{"id": "a", "status": "succeeded", "created_at": 12345678901234567890},
                  {"id": "b", "status": "succeeded", "created_at": "99999999999999999999"}, {"model": "m"}, {"id": "c", "status": "running"}]}\
                """));
    assertThat(items).extracting(SnapshotParser.ListItem::id).containsExactly("a", "b", null, "c");
    assertThat(items.get(0).task().status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(items.get(0).task().createdAt()).as("a time no clock reaches is no time").isNull();
    assertThat(items.get(1).task().createdAt()).isNull();
    assertThat(items.get(2).failure().errorCode()).isEqualTo(ErrorCode.BAD_RESPONSE);
    assertThat(items.get(3).task().status()).isEqualTo(TaskStatus.RUNNING);
  }

  @ParameterizedTest
  @CsvSource({
    "queued, queued", "pending, queued", "PENDING, queued", "running, running",
        "processing, running",
    "in_progress, running", "In Progress, running", "succeeded, succeeded", "success, succeeded",
        "SUCCESS, succeeded",
    "completed, succeeded", "failed, failed", "failure, failed", "FAILURE, failed",
        "cancelled, cancelled",
    "canceled, cancelled", "expired, expired", "whatever, unknown"
  })
  void everyDocumentedStatusWord(String word, String expected) {
    assertThat(TaskStatus.fromProviderWord(word).wireName()).isEqualTo(expected);
  }
}
