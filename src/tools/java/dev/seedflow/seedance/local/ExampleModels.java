package dev.seedflow.seedance.local;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.impl.BpmnModelConstants;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The models in bpmn-examples/, made the way a user makes them: the element templates applied to
 * tasks with the values a user would enter. Provider address and key come from secrets, so each
 * model deploys as it is: {@code ./seedance run} points the secret SEEDANCE_BASE_URL at its
 * simulator, a cluster at the real provider. {@code ./seedance examples} writes them anew; a test
 * fails when a committed one is stale.
 */
public final class ExampleModels {
  static final String BASE_URL_SECRET = "{{secrets.SEEDANCE_BASE_URL}}";

  /**
   * The demo's product picture, 640x400, kept in the repository and sent inline, so it reaches any
   * provider.
   */
  static final String PRODUCT_IMAGE_FILE = "demo/trail-runner-x.png";

  public static final String PRODUCT_IMAGE = dataUrl(PRODUCT_IMAGE_FILE);
  static final String QUICKSTART_PROMPT =
      "A paper boat drifting down a rain-soaked street at dusk, slow dolly-in, cinematic light";

  /**
   * Above this many estimated tokens, the marketing flow asks a person to approve the spend
   * (variable approvalThreshold).
   */
  static final int APPROVAL_THRESHOLD = 200_000;

  private static final Pattern GENERATED_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final TemplateApplier generate;
  private final TemplateApplier await;
  private final TemplateApplier connector;
  private final TemplateApplier finished;

  public ExampleModels(Path templates) {
    this.generate = TemplateApplier.load(templates.resolve("seedance-generate.json"));
    this.await = TemplateApplier.load(templates.resolve("seedance-await.json"));
    this.connector = TemplateApplier.load(templates.resolve("seedance-connector.json"));
    this.finished = TemplateApplier.load(templates.resolve("seedance-video-finished.json"));
  }

  /** File name to model, in the order the README shows them. */
  public Map<String, BpmnModelInstance> all() {
    Map<String, BpmnModelInstance> models = new LinkedHashMap<>();
    models.put("quickstart-text-to-video.bpmn", quickstart());
    models.put("marketing-approval.bpmn", marketingApproval());
    models.put("timer-loop.bpmn", timerLoop());
    models.put("create-notify-await.bpmn", createNotifyAwait());
    models.put("create-callback-await.bpmn", createCallbackAwait());
    models.put("image-to-video.bpmn", imageToVideo());
    models.put("agent-campaign.bpmn", agentCampaign());
    return models;
  }

  /**
   * What a user enters in the generate template: Ark, the address and key from secrets, and the
   * given fields.
   */
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

  /** These fields, then more. */
  private static Object[] and(List<Object> fields, Object... more) {
    List<Object> all = new ArrayList<>(fields);
    all.addAll(List.of(more));
    return all.toArray();
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

  /**
   * Text to video: the prompt comes from the variable {@code prompt}, with a sample when none is
   * given; the variables {@code model}, {@code duration}, {@code resolution} and {@code
   * aspectRatio}, when given, win over the template's choices (and are validated like them, before
   * anything is sent); {@code maxTokens}, when given, caps what the step may spend.
   */
  BpmnModelInstance quickstart() {
    return Bpmn.createExecutableProcess("quickstart_text_to_video")
        .name("Quickstart: text to video")
        .startEvent("idea")
        .name("Idea")
        .serviceTask(
            "generate_video",
            t ->
                generate
                    .apply(
                        generating(
                            "prompt",
                            "=if prompt = null then \"" + QUICKSTART_PROMPT + "\" else prompt",
                            "otherModel",
                            "=model",
                            "duration",
                            "=if duration = null then 5 else duration",
                            "otherResolution",
                            "=resolution",
                            "otherAspectRatio",
                            "=aspectRatio",
                            "maxTokens",
                            "=maxTokens",
                            "resultVariable",
                            "generatedVideo"))
                    .accept(t.name("Generate video")))
        .endEvent("video_ready")
        .name("Video ready")
        .done();
  }

  /**
   * The demo flow. A brief {prompt, productImage} is checked, priced (no provider call) and, above
   * the approval threshold, approved by a person; then an image-to-video clip is made, reviewed
   * with a revision loop capped at three rounds, and published. A brief that is incomplete, or a
   * video that fails, goes to "Fix the brief" with the reason. Every person's step is a Camunda
   * user task with a linked form beside the model.
   */
  BpmnModelInstance marketingApproval() {
    String videoFailed =
        "=if error.code = \"SEEDANCE_TASK_FAILED\" or error.code = \"SEEDANCE_TASK_EXPIRED\" or"
            + " error.code = \"SEEDANCE_INVALID_INPUT\" or error.code = \"SEEDANCE_OVER_BUDGET\" or"
            + " error.code = \"SEEDANCE_STORE_FAILED\" then bpmnError(\"VIDEO_FAILED\","
            + " error.message, {videoError: {code: error.code, message: error.message}}) else null";
    String briefComplete = "brief != null and brief.prompt != null and brief.productImage != null";
    String threshold =
        "(if approvalThreshold = null then " + APPROVAL_THRESHOLD + " else approvalThreshold)";
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("marketing_approval")
            .name("Marketing approval: product clip")
            .startEvent("brief_received")
            .name("Campaign brief received")
            .exclusiveGateway("brief_in")
            .name("Brief in")
            .exclusiveGateway("brief_complete")
            .name("Brief complete?")
            .sequenceFlowId("brief_is_complete")
            .condition("yes", "=" + briefComplete)
            .scriptTask(
                "write_prompt",
                s ->
                    s.name("Write the prompt")
                        .zeebeExpression(
                            "if revisionRound = null or feedback = null then brief.prompt else"
                                + " brief.prompt + \". Revision: \" + feedback")
                        .zeebeResultVariable("clipPrompt"))
            .serviceTask(
                "price_clip",
                t ->
                    connector
                        .apply(
                            connecting(
                                "estimateCost",
                                "mode",
                                "image-to-video",
                                "firstFrame",
                                "=brief.productImage",
                                "prompt",
                                "=clipPrompt",
                                "duration",
                                5,
                                "resultVariable",
                                "price",
                                "errorExpression",
                                videoFailed))
                        .accept(t.name("Price the clip")))
            .exclusiveGateway("within_budget")
            .name("Within the approval threshold?")
            .sequenceFlowId("price_is_within")
            .condition("yes", "=price.tokens <= " + threshold)
            .exclusiveGateway("budget_ok")
            .name("Spend cleared")
            .serviceTask(
                "generate_clip",
                t ->
                    generate
                        .apply(
                            generating(
                                "mode",
                                "image-to-video",
                                "firstFrame",
                                "=brief.productImage",
                                "prompt",
                                "=clipPrompt",
                                "duration",
                                5,
                                "returnLastFrame",
                                true,
                                "resultVariable",
                                "generatedVideo",
                                "errorExpression",
                                videoFailed))
                        .accept(t.name("Generate product clip")))
            .userTask(
                "review_clip",
                u -> u.name("Review the clip").zeebeUserTask().zeebeFormId("review-clip"))
            .exclusiveGateway("approved")
            .name("Approved?")
            .sequenceFlowId("clip_approved")
            .condition("yes", "=approved = true")
            .scriptTask(
                "publish",
                s ->
                    s.name("Publish")
                        .zeebeExpression(
                            "{url: generatedVideo.videoUrl, document: generatedVideo.videoDocument,"
                                + " taskId: generatedVideo.taskId}")
                        .zeebeResultVariable("publication"))
            .endEvent("published")
            .name("Clip published")
            .moveToNode("approved")
            .sequenceFlowId("revision_asked")
            .condition(
                "revise", "=approved != true and (revisionRound = null or revisionRound < 3)")
            .scriptTask(
                "count_revision",
                s ->
                    s.name("Count revision")
                        .zeebeExpression("if revisionRound = null then 1 else revisionRound + 1")
                        .zeebeResultVariable("revisionRound"))
            .connectTo("brief_in")
            .moveToNode("approved")
            .sequenceFlowId("too_many_rounds")
            .condition(
                "third revision asked",
                "=approved != true and revisionRound != null and revisionRound >= 3")
            .endEvent("stopped")
            .name("Stopped after three revisions")
            .moveToNode("within_budget")
            .sequenceFlowId("price_is_over")
            .condition("no", "=price.tokens > " + threshold)
            .userTask(
                "approve_budget",
                u -> u.name("Approve the budget").zeebeUserTask().zeebeFormId("approve-budget"))
            .exclusiveGateway("budget_approved")
            .name("Spend approved?")
            .sequenceFlowId("spend_approved")
            .condition("yes", "=budgetApproved = true")
            .connectTo("budget_ok")
            .moveToNode("budget_approved")
            .sequenceFlowId("spend_declined")
            .condition("no", "=budgetApproved != true")
            .endEvent("declined")
            .name("Budget declined")
            .moveToNode("brief_complete")
            .sequenceFlowId("brief_is_incomplete")
            .condition("no", "=not(" + briefComplete + ")")
            .scriptTask(
                "name_the_gap",
                s ->
                    s.name("Name what is missing")
                        .zeebeExpression(
                            "{code: \"BRIEF_INCOMPLETE\", message: \"The brief needs a prompt and a"
                                + " product image (brief.prompt, brief.productImage).\"}")
                        .zeebeResultVariable("videoError"))
            .exclusiveGateway("fix_needed")
            .name("Needs a fix")
            .userTask(
                "fix_brief", u -> u.name("Fix the brief").zeebeUserTask().zeebeFormId("fix-brief"))
            .connectTo("brief_in")
            // The error's variables stay on the catch event unless mapped out: the fixer's form
            // shows them.
            .moveToActivity("generate_clip")
            .boundaryEvent(
                "video_failed",
                b ->
                    b.error("VIDEO_FAILED")
                        .name("Video failed")
                        .zeebeOutputExpression("videoError", "videoError"))
            .connectTo("fix_needed")
            .moveToActivity("price_clip")
            .boundaryEvent(
                "price_failed",
                b ->
                    b.error("VIDEO_FAILED")
                        .name("Brief refused")
                        .zeebeOutputExpression("videoError", "videoError"))
            .connectTo("fix_needed")
            .done();
    layOut(model);
    return model;
  }

  /** The job type of Camunda's AI Agent Task (the outbound connector, 8.8). */
  public static final String AI_AGENT_TASK = "io.camunda.agenticai:aiagent:1";

  /** The tools' ad-hoc sub-process of the agent example. */
  static final String AGENT_TOOLS = "campaign_tools";

  /**
   * The per-process cap of the agent example unless the variable {@code maxTokensPerProcess} sets
   * another: two 5-second 720p videos (108,000 tokens each) fit, a third does not.
   */
  static final int AGENT_TOKENS = 250_000;

  /**
   * An AI Agent that makes a campaign's videos, as Camunda 8.8 models its AI Agent Task: the
   * agent's task, then, while it asks for tools, a parallel multi-instance ad-hoc sub-process that
   * runs each tool call ({@code toolCall}) and collects the answers ({@code toolCallResults}), back
   * to the agent. Its tools, each an activity with no incoming flow: Generate video (the generate
   * template, its inputs from {@code fromAi}), Price the video (the connector's estimate), and Ask
   * a person (a Camunda user task). Each tool's documentation is written for a model, and each
   * answers compactly: the video URL, the kept document, the tokens and the cost, never the whole
   * task. The generate tool caps the whole process's spend, so an agent that calls it again and
   * again is refused, in its tool's answer, once the sum would pass the cap.
   */
  BpmnModelInstance agentCampaign() {
    String feelPrompt =
        "=fromAi(toolCall.prompt, \"What the video shows: the scene, the subject, the camera; one"
            + " or two sentences\", \"string\")";
    String feelDuration =
        "=fromAi(toolCall.duration, \"Length in seconds, 4 to 15; 5 for a teaser\", \"number\")";
    String feelRatio =
        "=fromAi(toolCall.aspectRatio, \"Aspect ratio: 16:9 landscape, 9:16 for phones, 1:1\","
            + " \"string\")";
    String feelResolution =
        "=fromAi(toolCall.resolution, \"480p for a quick look, 720p for review, 1080p to"
            + " publish\", \"string\")";
    // What the agent chooses of a video, in both the generate and the price tool.
    List<Object> fromAi =
        List.of(
            "prompt",
            feelPrompt,
            "duration",
            feelDuration,
            "otherAspectRatio",
            feelRatio,
            "otherResolution",
            feelResolution);
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("agent_campaign")
            .name("AI Agent: a campaign's videos")
            .startEvent("goal_in")
            .name("Campaign goal")
            .exclusiveGateway("agent_in")
            .name("Ask the agent")
            .serviceTask(
                "campaign_agent",
                t ->
                    t.name("Campaign agent")
                        .zeebeJobType(AI_AGENT_TASK)
                        .zeebeJobRetries("3")
                        .zeebeInputExpression("goal", "data.userPrompt.prompt")
                        .zeebeInputExpression(
                            "\"" + AGENT_TOOLS + "\"", "data.tools.containerElementId")
                        .zeebeInputExpression("toolCallResults", "data.tools.toolCallResults")
                        .zeebeInputExpression("agent.context", "agentContext")
                        .zeebeTaskHeader("resultVariable", "agent"))
            .exclusiveGateway("tool_calls")
            .name("Tool calls?")
            .sequenceFlowId("no_tool_calls")
            .defaultFlow()
            .endEvent("campaign_ready")
            .name("Campaign ready")
            .moveToNode("tool_calls")
            .sequenceFlowId("tool_calls_asked")
            .condition("yes", "=not(agent.toolCalls = null) and count(agent.toolCalls) > 0")
            .adHocSubProcess(
                AGENT_TOOLS,
                tools -> {
                  tools
                      .name("Campaign tools")
                      // Marks it as an agent's tool container, as the AI Agent's template does.
                      .zeebeProperty("io.camunda.agenticai.toolContainer", "true")
                      .zeebeActiveElementsCollectionExpression("[toolCall._meta.name]")
                      // Local to each call, so parallel calls' answers never overwrite each other.
                      .zeebeInputExpression("null", "toolCallResult")
                      .multiInstance(
                          m ->
                              m.parallel()
                                  .zeebeInputCollectionExpression("agent.toolCalls")
                                  .zeebeInputElement("toolCall")
                                  .zeebeOutputCollection("toolCallResults")
                                  .zeebeOutputElementExpression(
                                      "{id: toolCall._meta.id, name: toolCall._meta.name,"
                                          + " content: toolCallResult}"));
                  tools.serviceTask(
                      "generate_video",
                      g -> {
                        g.documentation(
                            "Makes one video with Seedance and waits for it:"
                                + " minutes, and it costs money, so price it first"
                                + " when unsure. Answers with the video's URL (valid"
                                + " about 24 hours), the kept document, its tokens"
                                + " and its cost. If the process's budget would be"
                                + " passed, it answers refused, with what the video"
                                + " would cost and what is left: ask for a shorter"
                                + " or smaller video, or stop.");
                        generate
                            .apply(
                                generating(
                                    and(
                                        fromAi,
                                        "maxTokensPerProcess",
                                        "=if maxTokensPerProcess = null then "
                                            + AGENT_TOKENS
                                            + " else maxTokensPerProcess",
                                        "resultVariable",
                                        "",
                                        "resultExpression",
                                        "={toolCallResult: {videoUrl: videoUrl, videoDocument:"
                                            + " videoDocument, tokens: estimate.tokens, cost:"
                                            + " cost}}")))
                            .accept(g.name("Generate video"));
                      });
                  tools.serviceTask(
                      "price_video",
                      c -> {
                        c.documentation(
                            "Estimates what a video would cost, in tokens (and in"
                                + " money where a price is set), without making it"
                                + " or calling the provider. Takes the same inputs"
                                + " as Generate video.");
                        connector
                            .apply(
                                connecting(
                                    "estimateCost",
                                    and(
                                        fromAi,
                                        "resultExpression",
                                        "={toolCallResult: {tokens: tokens, cost: cost, currency:"
                                            + " currency, basis: basis}}")))
                            .accept(c.name("Price the video"));
                      });
                  tools.userTask(
                      "ask_a_person",
                      u -> {
                        u.documentation(
                            "Asks the marketing team a question and answers with what they"
                                + " said, for a choice the goal leaves open.");
                        u.name("Ask a person")
                            .zeebeUserTask()
                            .zeebeFormId("ask-a-person")
                            .zeebeInputExpression(
                                "fromAi(toolCall.question, \"The question, in one or two"
                                    + " sentences\", \"string\")",
                                "question")
                            .zeebeOutputExpression("{answer: answer}", "toolCallResult");
                      });
                })
            .connectTo("agent_in")
            .done();
    model.<SequenceFlow>getModelElementById("no_tool_calls").setName("no");
    // The loop back to the agent runs under the tools, not across them.
    DiagramLayout.route(model, AGENT_TOOLS, "agent_in", 711, 626, 711, 660, 211, 660, 211, 143);
    DiagramLayout.label(model, "agent_in", 176, 70, 70, 14);
    return model;
  }

  /**
   * The marketing flow drawn as a person would: the happy path on one row; the revision loop above
   * it; the spend approval on the row below; the fixes for a brief or a failed video at the bottom,
   * looping back to the start.
   */
  private static void layOut(BpmnModelInstance model) {
    DiagramLayout.place(model, "budget_ok", 886, 93);
    DiagramLayout.place(model, "generate_clip", 986, 78);
    DiagramLayout.place(model, "video_failed", 1018, 140);
    DiagramLayout.place(model, "review_clip", 1136, 78);
    DiagramLayout.place(model, "approved", 1286, 93);
    DiagramLayout.place(model, "publish", 1386, 78);
    DiagramLayout.place(model, "published", 1536, 100);
    DiagramLayout.place(model, "count_revision", 1261, -52);
    DiagramLayout.place(model, "stopped", 1293, 230);
    DiagramLayout.place(model, "approve_budget", 736, 228);
    DiagramLayout.place(model, "budget_approved", 886, 243);
    DiagramLayout.place(model, "declined", 986, 250);
    DiagramLayout.place(model, "name_the_gap", 386, 358);
    DiagramLayout.place(model, "fix_needed", 536, 373);
    DiagramLayout.place(model, "fix_brief", 636, 358);
    DiagramLayout.route(model, "within_budget", "budget_ok", 736, 118, 886, 118);
    DiagramLayout.route(model, "budget_ok", "generate_clip", 936, 118, 986, 118);
    DiagramLayout.route(model, "generate_clip", "review_clip", 1086, 118, 1136, 118);
    DiagramLayout.route(model, "review_clip", "approved", 1236, 118, 1286, 118);
    DiagramLayout.route(model, "approved", "publish", 1336, 118, 1386, 118);
    DiagramLayout.route(model, "publish", "published", 1486, 118, 1536, 118);
    DiagramLayout.route(model, "approved", "count_revision", 1311, 93, 1311, 28);
    DiagramLayout.route(model, "count_revision", "brief_in", 1261, -12, 211, -12, 211, 93);
    DiagramLayout.route(model, "approved", "stopped", 1311, 143, 1311, 230);
    DiagramLayout.route(model, "within_budget", "approve_budget", 711, 143, 711, 268, 736, 268);
    DiagramLayout.route(model, "approve_budget", "budget_approved", 836, 268, 886, 268);
    DiagramLayout.route(model, "budget_approved", "budget_ok", 911, 243, 911, 143);
    DiagramLayout.route(model, "budget_approved", "declined", 936, 268, 986, 268);
    DiagramLayout.route(model, "brief_complete", "name_the_gap", 311, 143, 311, 398, 386, 398);
    DiagramLayout.route(model, "name_the_gap", "fix_needed", 486, 398, 536, 398);
    DiagramLayout.route(model, "fix_needed", "fix_brief", 586, 398, 636, 398);
    DiagramLayout.route(model, "fix_brief", "brief_in", 686, 438, 686, 480, 211, 480, 211, 143);
    DiagramLayout.route(
        model, "price_failed", "fix_needed", 586, 176, 586, 340, 561, 340, 561, 373);
    DiagramLayout.route(
        model, "video_failed", "fix_needed", 1036, 176, 1036, 455, 561, 455, 561, 423);
    // Labels where no flow crosses them: beside gateways that flows enter from below, beside
    // boundary events whose flow goes down.
    DiagramLayout.label(model, "brief_in", 146, 78, 38, 14);
    DiagramLayout.label(model, "budget_ok", 878, 66, 66, 14);
    DiagramLayout.label(model, "within_budget", 676, 50, 70, 40);
    DiagramLayout.label(model, "approved", 1240, 146, 50, 14);
    DiagramLayout.label(model, "fix_needed", 488, 426, 56, 14);
    DiagramLayout.label(model, "price_failed", 512, 180, 66, 14);
    DiagramLayout.label(model, "video_failed", 962, 180, 66, 14);
    DiagramLayout.label(model, "too_many_rounds", 1318, 170, 60, 40);
  }

  /**
   * For teams that want the engine's timers to do the waiting: create, then read every 10 s until
   * done.
   */
  BpmnModelInstance timerLoop() {
    BpmnModelInstance model =
        Bpmn.createExecutableProcess("timer_loop")
            .name("Timer loop: create, wait, check")
            .startEvent("start")
            .name("Start")
            .serviceTask(
                "create_task",
                t ->
                    connector
                        .apply(
                            connecting(
                                "createTask",
                                "prompt",
                                "=if prompt = null then \"Morning light over a mountain lake,"
                                    + " gentle drone flyover\" else prompt",
                                "resultVariable",
                                "videoTask"))
                        .accept(t.name("Create video task")))
            .exclusiveGateway("check_again")
            .name("Check again")
            .intermediateCatchEvent("wait", e -> e.name("Wait 10 s").timerWithDuration("PT10S"))
            .serviceTask(
                "read_task",
                t ->
                    connector
                        .apply(
                            connecting(
                                "getTask",
                                "taskId",
                                "=videoTask.taskId",
                                "resultVariable",
                                "videoStatus"))
                        .accept(t.name("Read video task")))
            .exclusiveGateway("done")
            .name("Done?")
            .sequenceFlowId("video_is_done")
            .condition("yes", "=videoStatus.status = \"succeeded\"")
            .endEvent("video_ready")
            .name("Video ready")
            .moveToNode("done")
            .sequenceFlowId("video_not_done")
            .condition("not yet", "=videoStatus.status != \"succeeded\"")
            .connectTo("check_again")
            .done();
    // The loop back goes over the main row, clear of the flows and of the gateways' labels below
    // them.
    DiagramLayout.route(model, "done", "check_again", 697, 93, 697, 40, 361, 40, 361, 93);
    return model;
  }

  /** Create, do something else while the video renders, then wait for it. */
  BpmnModelInstance createNotifyAwait() {
    return Bpmn.createExecutableProcess("create_notify_await")
        .name("Create, notify, await")
        .startEvent("start")
        .name("Start")
        .serviceTask(
            "create_task",
            t ->
                connector
                    .apply(
                        connecting(
                            "createTask",
                            "prompt",
                            "=if prompt = null then \"A barista pouring latte art in slow motion\""
                                + " else prompt",
                            "resultVariable",
                            "videoTask"))
                    .accept(t.name("Create video task")))
        .scriptTask(
            "notify_team",
            s ->
                s.name("Tell the team")
                    .zeebeExpression("\"Video task \" + videoTask.taskId + \" is being made\"")
                    .zeebeResultVariable("teamNotice"))
        .serviceTask(
            "await_video",
            t ->
                await
                    .apply(
                        fields(
                            "await",
                            "arkBaseUrl",
                            BASE_URL_SECRET,
                            "pollInterval",
                            "PT5S",
                            "taskId",
                            "=videoTask.taskId",
                            "resultVariable",
                            "generatedVideo"))
                    .accept(t.name("Wait for the video")))
        .endEvent("video_ready")
        .name("Video ready")
        .done();
  }

  /**
   * Create, then wait for the provider to call back: a "video finished" catch event (the runtime's
   * webhook at {@code /inbound/create-callback-await}) that confirms each callback by reading the
   * task, and correlates the ended task on its id, the video kept as a document; then a person
   * reviews it. No worker and no poll loop.
   */
  BpmnModelInstance createCallbackAwait() {
    String webhook = "create-callback-await";
    return Bpmn.createExecutableProcess("create_callback_await")
        .name("Create, then the provider calls back")
        .startEvent("start")
        .name("Start")
        .serviceTask(
            "create_task",
            t ->
                connector
                    .apply(
                        connecting(
                            "createTask",
                            "prompt",
                            "=if prompt = null then \"A heron lifting off a misty pond at sunrise\""
                                + " else prompt",
                            "callbackEvent",
                            webhook,
                            "publicUrl",
                            "{{secrets." + LocalRuntime.PUBLIC_URL_SECRET + "}}",
                            "resultVariable",
                            "videoTask"))
                    .accept(t.name("Create video task")))
        .intermediateCatchEvent(
            "video_finished",
            e ->
                finished
                    .applyToEvent(
                        "video_finished",
                        Map.of(
                            "inbound.context",
                            webhook,
                            "arkBaseUrl",
                            BASE_URL_SECRET,
                            "correlationKeyProcess",
                            "=videoTask.taskId",
                            "correlationKeyPayload",
                            "=connectorData.taskId",
                            "messageIdExpression",
                            "=connectorData.taskId",
                            "resultExpression",
                            "={generatedVideo: connectorData}"))
                    .accept(e.name("Video finished")))
        .userTask(
            "review_clip",
            u -> u.name("Review the clip").zeebeUserTask().zeebeFormId("review-clip"))
        .endEvent("reviewed")
        .name("Reviewed")
        .done();
  }

  /**
   * First and last frame from the variables, which it requires (no sample stands in for them); a
   * sample prompt.
   */
  BpmnModelInstance imageToVideo() {
    return Bpmn.createExecutableProcess("image_to_video")
        .name("Image to video: first and last frame")
        .startEvent("start")
        .name("Frames ready")
        .serviceTask(
            "generate_video",
            t ->
                generate
                    .apply(
                        generating(
                            "mode",
                            "first-last-frame",
                            "firstFrame",
                            "=firstFrameUrl",
                            "lastFrame",
                            "=lastFrameUrl",
                            "prompt",
                            "=if prompt = null then \"The shoe turns slowly from its front to its"
                                + " side on a wet rock, studio light\" else prompt",
                            "resultVariable",
                            "generatedVideo"))
                    .accept(t.name("Generate video")))
        .endEvent("video_ready")
        .name("Video ready")
        .done();
  }

  /**
   * A picture on the tools' class path as a {@code data:} URL, which providers take in place of an
   * https address.
   */
  static String dataUrl(String resource) {
    try (var in = ExampleModels.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("no " + resource + " on the class path");
      return "data:image/png;base64,"
          + java.util.Base64.getEncoder().encodeToString(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The model as XML with the builder's random ids replaced by numbers, so a file only changes when
   * the model does.
   */
  public static String xml(BpmnModelInstance model) {
    // The model API names the zeebe namespace ns0 when no prefix was declared; the Modeler writes
    // zeebe.
    String xml = Bpmn.convertToString(model);
    if (xml.contains("xmlns:ns0=\"" + BpmnModelConstants.ZEEBE_NS + "\""))
      xml = xml.replace("xmlns:ns0=", "xmlns:zeebe=").replace("ns0:", "zeebe:");
    Matcher matcher = GENERATED_ID.matcher(xml);
    Map<String, String> numbers = new LinkedHashMap<>();
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String number =
          numbers.computeIfAbsent(matcher.group(), id -> String.valueOf(numbers.size() + 1));
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
