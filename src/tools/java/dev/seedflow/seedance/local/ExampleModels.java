package dev.seedflow.seedance.local;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The models in bpmn-examples/, made the way a user makes them: the element templates applied to tasks with the
 * values a user would enter. Provider address and key come from secrets, so each model deploys as it is:
 * {@code ./seedance run} points SEEDANCE_BASE_URL at its simulator, a cluster at the real provider.
 * {@code ./seedance examples} writes them anew; a test fails when a committed one is stale.
 */
public final class ExampleModels {
  static final String BASE_URL_SECRET = "{{secrets.SEEDANCE_BASE_URL}}";
  static final String PRODUCT_IMAGE = "https://assets.seedflow.dev/demo/trail-runner-x.png";
  private static final Pattern GENERATED_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final TemplateApplier generate;
  private final TemplateApplier await;
  private final TemplateApplier connector;

  public ExampleModels(Path templates) {
    this.generate = TemplateApplier.load(templates.resolve("seedance-generate.json"));
    this.await = TemplateApplier.load(templates.resolve("seedance-await.json"));
    this.connector = TemplateApplier.load(templates.resolve("seedance-connector.json"));
  }

  /** File name to model, in the order the README shows them. */
  public Map<String, BpmnModelInstance> all() {
    Map<String, BpmnModelInstance> models = new LinkedHashMap<>();
    models.put("quickstart-text-to-video.bpmn", quickstart());
    models.put("marketing-approval.bpmn", marketingApproval());
    models.put("timer-loop.bpmn", timerLoop());
    models.put("create-notify-await.bpmn", createNotifyAwait());
    models.put("image-to-video.bpmn", imageToVideo());
    return models;
  }

  /** What a user enters in the generate template: Ark, the address and key from secrets, and the given fields. */
  private Map<String, Object> generating(Object... fields) {
    Map<String, Object> values = fields("generate", fields);
    values.put("generate:arkBaseUrl", BASE_URL_SECRET);
    values.putIfAbsent("generate:pollInterval", "PT5S");
    return values;
  }

  private Map<String, Object> connecting(String operation, Object... fields) {
    Map<String, Object> values = fields(operation, fields);
    values.put("operation", operation);
    values.put(operation + ":arkBaseUrl", BASE_URL_SECRET);
    return values;
  }

  private static Map<String, Object> fields(String operation, Object... fields) {
    Map<String, Object> values = new HashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      String key = (String) fields[i];
      boolean general = key.startsWith("result") || key.startsWith("error");
      values.put(general ? key : operation + ":" + key, fields[i + 1]);
    }
    return values;
  }

  BpmnModelInstance quickstart() {
    return Bpmn.createExecutableProcess("quickstart_text_to_video").name("Quickstart: text to video")
        .startEvent("idea").name("Idea")
        .serviceTask("generate_video", t -> generate.apply(generating(
            "prompt", "A paper boat drifting down a rain-soaked street at dusk, slow dolly-in, cinematic light",
            "duration", 5, "resultVariable", "generatedVideo")).accept(t.name("Generate video")))
        .endEvent("video_ready").name("Video ready")
        .done();
  }

  /** The demo flow: brief, image-to-video, review with a capped revision loop, publish; a failed video goes back to the brief. */
  BpmnModelInstance marketingApproval() {
    String prompt = "=if feedback = null then brief.prompt else brief.prompt + \". Revision: \" + feedback";
    String videoFailed = "=if error.code = \"SEEDANCE_TASK_FAILED\" or error.code = \"SEEDANCE_TASK_EXPIRED\" "
        + "or error.code = \"SEEDANCE_INVALID_INPUT\" then bpmnError(\"VIDEO_FAILED\", error.message) else null";
    BpmnModelInstance model = Bpmn.createExecutableProcess("marketing_approval").name("Marketing approval: product clip")
        .startEvent("brief_received").name("Campaign brief received")
        .serviceTask("generate_clip", t -> generate.apply(generating(
            "mode", "image-to-video", "firstFrame", "=brief.productImage", "prompt", prompt, "duration", 5,
            "resultVariable", "generatedVideo", "errorExpression", videoFailed)).accept(t.name("Generate product clip")))
        .boundaryEvent("video_failed", b -> b.error("VIDEO_FAILED").name("Video failed"))
        .userTask("fix_brief").name("Fix the brief")
        .connectTo("generate_clip")
        .moveToActivity("generate_clip")
        .userTask("review_clip").name("Review the clip")
        .exclusiveGateway("approved").name("Approved?")
        .conditionExpression("approved = true")
        .scriptTask("publish", s -> s.name("Publish").zeebeExpression("{url: generatedVideo.videoUrl, taskId: generatedVideo.taskId}")
            .zeebeResultVariable("publication"))
        .endEvent("published").name("Clip published")
        .moveToNode("approved").conditionExpression("approved != true and (revisionRound = null or revisionRound < 3)")
        .scriptTask("count_revision", s -> s.name("Count revision")
            .zeebeExpression("if revisionRound = null then 1 else revisionRound + 1").zeebeResultVariable("revisionRound"))
        .connectTo("generate_clip")
        .moveToNode("approved").conditionExpression("approved != true and revisionRound != null and revisionRound >= 3")
        .endEvent("stopped").name("Stopped after three revisions")
        .done();
    // The two loops back to the video step: the revision above the main row, the fixed brief into its side.
    DiagramLayout.place(model, "count_revision", 336, -52);
    DiagramLayout.route(model, "approved", "count_revision", 511, 93, 511, -12, 436, -12);
    DiagramLayout.route(model, "count_revision", "generate_clip", 336, -12, 236, -12, 236, 78);
    DiagramLayout.route(model, "fix_brief", "generate_clip", 316.5, 186, 316.5, 138, 286, 138);
    DiagramLayout.place(model, "stopped", 586, 250);
    DiagramLayout.route(model, "approved", "stopped", 511, 143, 511, 268, 586, 268);
    return model;
  }

  /** For teams that want the engine's timers to do the waiting: create, then read every 10 s until done. */
  BpmnModelInstance timerLoop() {
    BpmnModelInstance model = Bpmn.createExecutableProcess("timer_loop").name("Timer loop: create, wait, check")
        .startEvent("start").name("Start")
        .serviceTask("create_task", t -> connector.apply(connecting("createTask",
            "prompt", "Morning light over a mountain lake, gentle drone flyover", "resultVariable", "videoTask")).accept(t.name("Create video task")))
        .intermediateCatchEvent("wait", e -> e.name("Wait 10 s").timerWithDuration("PT10S"))
        .serviceTask("read_task", t -> connector.apply(connecting("getTask",
            "taskId", "=videoTask.taskId", "resultVariable", "videoStatus")).accept(t.name("Read video task")))
        .exclusiveGateway("done").name("Done?")
        .conditionExpression("videoStatus.status = \"succeeded\"")
        .endEvent("video_ready").name("Video ready")
        .moveToNode("done").conditionExpression("videoStatus.status != \"succeeded\"")
        .connectTo("wait")
        .done();
    // The loop back runs above the row; the builder draws it over the forward flows.
    DiagramLayout.route(model, "done", "wait", 597, 93, 597, 40, 354, 40, 354, 100);
    return model;
  }

  /** Create, do something else while the video renders, then wait for it. */
  BpmnModelInstance createNotifyAwait() {
    return Bpmn.createExecutableProcess("create_notify_await").name("Create, notify, await")
        .startEvent("start").name("Start")
        .serviceTask("create_task", t -> connector.apply(connecting("createTask",
            "prompt", "A barista pouring latte art in slow motion", "resultVariable", "videoTask")).accept(t.name("Create video task")))
        .scriptTask("notify_team", s -> s.name("Tell the team")
            .zeebeExpression("\"Video task \" + videoTask.taskId + \" is being made\"").zeebeResultVariable("teamNotice"))
        .serviceTask("await_video", t -> await.apply(fields("await", "arkBaseUrl", BASE_URL_SECRET, "pollInterval", "PT5S",
            "taskId", "=videoTask.taskId", "resultVariable", "generatedVideo")).accept(t.name("Wait for the video")))
        .endEvent("video_ready").name("Video ready")
        .done();
  }

  /** First and last frame; the frames come from variables, with sample images when none are given. */
  BpmnModelInstance imageToVideo() {
    return Bpmn.createExecutableProcess("image_to_video").name("Image to video: first and last frame")
        .startEvent("start").name("Frames ready")
        .serviceTask("generate_video", t -> generate.apply(generating(
            "mode", "first-last-frame",
            "firstFrame", "=if firstFrameUrl = null then \"https://assets.seedflow.dev/demo/trail-runner-front.png\" else firstFrameUrl",
            "lastFrame", "=if lastFrameUrl = null then \"https://assets.seedflow.dev/demo/trail-runner-side.png\" else lastFrameUrl",
            "prompt", "The shoe turns slowly from its front to its side on a wet rock, studio light",
            "resultVariable", "generatedVideo")).accept(t.name("Generate video")))
        .endEvent("video_ready").name("Video ready")
        .done();
  }

  /** The model as XML with the builder's random ids replaced by numbers, so a file only changes when the model does. */
  public static String xml(BpmnModelInstance model) {
    String xml = Bpmn.convertToString(model);
    Matcher matcher = GENERATED_ID.matcher(xml);
    Map<String, String> numbers = new LinkedHashMap<>();
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String number = numbers.computeIfAbsent(matcher.group(), id -> String.valueOf(numbers.size() + 1));
      matcher.appendReplacement(out, number);
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** {@code ExampleModels TEMPLATE-DIR OUTPUT-DIR}: writes every example. */
  public static void main(String[] args) throws IOException {
    Path output = Path.of(args[1]);
    Files.createDirectories(output);
    for (var example : new ExampleModels(Path.of(args[0])).all().entrySet()) {
      Files.writeString(output.resolve(example.getKey()), xml(example.getValue()));
    }
  }
}
