package dev.seedflow.seedance.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.model.WorkerVariables;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.VariableIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ./seedance demo}: the marketing approval example, told as it happens. A campaign brief
 * with a product image becomes an image-to-video clip; the demo's reviewer asks for one revision,
 * then approves; the clip is published.
 */
final class Demo {
  private static final ObjectMapper JSON = Json.mapper();
  private static final Set<BpmnElementType> STEPS =
      Set.of(
          BpmnElementType.SERVICE_TASK,
          BpmnElementType.USER_TASK,
          BpmnElementType.SCRIPT_TASK,
          BpmnElementType.BOUNDARY_EVENT,
          BpmnElementType.END_EVENT);
  static final String FEEDBACK = "Show the grip of the sole on wet rock, and end on the logo";

  /**
   * Low enough that the demo's clip (about 109,000 tokens, at most) needs a person to approve the
   * spend.
   */
  static final int APPROVAL_THRESHOLD = 100_000;

  private final PrintStream out;
  private final Map<String, String> environment;

  private record Step(String name, Instant started, Instant ended) {}

  Demo(PrintStream out, Map<String, String> environment) {
    this.out = out;
    this.environment = environment;
  }

  int play(Path file) throws RunnerOptions.UsageException, InterruptedException {
    BpmnModelInstance model = Runner.read(file);
    out.println();
    out.println(
        "  Seedflow demo: a marketing approval flow that makes a product video with Seedance 2.0");
    out.println(
        "  ---------------------------------------------------------------------------------------");
    out.println("  Starting Camunda (embedded engine, connectors runtime, Seedflow worker) ...");
    Instant begin = Instant.now();
    try (LocalSession session = LocalSession.start(environment)) {
      if (session.warning != null) out.println("  " + session.warning);
      out.println(
          session.simulator != null
              ? "  Provider: the built-in Seedance simulator, ten times faster than the real thing"
                  + " (set SECRET_SEEDANCE_BASE_URL and SECRET_SEEDANCE_API_KEY for a real one)"
              : "  Provider: " + LocalSession.providerUrl(environment));
      out.printf(
          "  Ready in %.1f s.%n%n", Duration.between(begin, Instant.now()).toMillis() / 1000.0);
      AtomicInteger reviews = new AtomicInteger();
      try (ScriptedPeople people =
          new ScriptedPeople(
              session.runtime, (task, variables) -> decide(task.elementId(), reviews))) {
        Map<String, Object> brief =
            Map.of(
                "product",
                "Trail Runner X",
                "productImage",
                ExampleModels.PRODUCT_IMAGE,
                "prompt",
                "The Trail Runner X shoe splashes through a mountain stream at sunrise, low"
                    + " tracking shot, crisp detail");
        out.println("  Campaign brief: " + brief.get("product"));
        out.println(
            "    image:  a sample product picture, sent inline as a data: URL (src/tools/resources/"
                + ExampleModels.PRODUCT_IMAGE_FILE
                + ")");
        out.println("    prompt: " + brief.get("prompt"));
        out.println();
        out.println(
            "    spend:  a person approves above "
                + String.format("%,d", APPROVAL_THRESHOLD)
                + " estimated tokens");
        out.println();
        String processId = session.runtime.deploy(file, model);
        long key =
            session
                .runtime
                .client()
                .newCreateInstanceCommand()
                .bpmnProcessId(processId)
                .latestVersion()
                .variables(Map.of("brief", brief, "approvalThreshold", APPROVAL_THRESHOLD))
                .send()
                .join()
                .getProcessInstanceKey();
        people.watch(key);
        return narrate(session, model, key);
      }
    }
  }

  /**
   * The demo's people: the spend is approved; the reviewer asks for one revision, then approves.
   */
  private static Map<String, Object> decide(String elementId, AtomicInteger reviews) {
    return switch (elementId) {
      case "approve_budget" -> Map.of("budgetApproved", true);
      case "review_clip" ->
          reviews.incrementAndGet() == 1
              ? Map.of("approved", false, "feedback", FEEDBACK)
              : Map.of("approved", true);
      default -> Map.of();
    };
  }

  /** Tells each step as it happens; the timeline starts when the process starts. */
  private int narrate(LocalSession session, BpmnModelInstance model, long key)
      throws InterruptedException {
    Instant begin = null;
    Map<Long, Step> open = new HashMap<>();
    List<Step> timeline = new ArrayList<>();
    String rendering = "queued";
    Instant heartbeat = Instant.now();
    int seen = 0;
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (Instant.now().isBefore(deadline)) {
      List<Record<?>> records = session.runtime.engine().records(); // a snapshot already
      for (Record<?> record : records.subList(seen, records.size())) {
        if (record.getValue() instanceof ProcessInstanceRecordValue value
            && value.getProcessInstanceKey() == key) {
          if (value.getBpmnElementType() == BpmnElementType.PROCESS
              && record.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED) {
            begin = Instant.ofEpochMilli(record.getTimestamp());
          }
          if (value.getBpmnElementType() == BpmnElementType.PROCESS
              && record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED) {
            return finish(session, key, timeline, begin);
          }
          if (!STEPS.contains(value.getBpmnElementType())) continue;
          String name = name(model, value.getElementId());
          if (record.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED) {
            open.put(
                record.getKey(), new Step(name, Instant.ofEpochMilli(record.getTimestamp()), null));
            if (value.getBpmnElementType() != BpmnElementType.END_EVENT)
              out.println("  > " + name + " ...");
          } else if (record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
              && open.containsKey(record.getKey())) {
            Step step = open.remove(record.getKey());
            Step done =
                new Step(step.name(), step.started(), Instant.ofEpochMilli(record.getTimestamp()));
            timeline.add(done);
            out.printf(
                "  %s %s (%.1f s)%s%n",
                value.getBpmnElementType() == BpmnElementType.END_EVENT ? "*" : "+",
                name,
                seconds(done),
                detail(session, key, value.getElementId()));
          }
        } else if (record.getValue() instanceof VariableRecordValue variable
            && variable.getProcessInstanceKey() == key
            && variable.getName().equals(WorkerVariables.PROGRESS)
            && (record.getIntent() == VariableIntent.CREATED
                || record.getIntent() == VariableIntent.UPDATED)) {
          rendering = progress(variable.getValue());
          out.println("      " + rendering);
          heartbeat = Instant.now();
        } else if (record.getValue() instanceof IncidentRecordValue incident
            && incident.getProcessInstanceKey() == key
            && record.getIntent() == IncidentIntent.CREATED) {
          out.println(
              "  ! Incident at "
                  + name(model, incident.getElementId())
                  + ": "
                  + incident.getErrorMessage());
          return Runner.INCIDENT;
        }
      }
      seen = records.size();
      // Ark reports no progress while a video renders: say it is still at work, once a second and a
      // half.
      Step generating =
          open.values().stream()
              .filter(step -> step.name().startsWith("Generate"))
              .findFirst()
              .orElse(null);
      if (generating != null && Instant.now().isAfter(heartbeat.plusMillis(1500))) {
        out.printf(
            "      ... %s, %.0f s%n",
            rendering, Duration.between(generating.started(), Instant.now()).toMillis() / 1000.0);
        heartbeat = Instant.now();
      }
      Thread.sleep(100);
    }
    out.println("  ! The demo did not finish within five minutes.");
    return Runner.TIMEOUT;
  }

  private String detail(LocalSession session, long key, String elementId) {
    Map<String, Object> variables = session.runtime.records().outcome(key).variables();
    return switch (elementId) {
      case "write_prompt" -> "\n      prompt: " + variables.get("clipPrompt");
      case "price_clip" ->
          variables.get("price") instanceof Map<?, ?> price
              ? String.format(
                  ": about %,d tokens%s (%s)",
                  ((Number) price.get("tokens")).longValue(),
                  Boolean.TRUE.equals(price.get("upperBound")) ? " at most" : "",
                  price.get("basis"))
              : "";
      case "approve_budget" ->
          Boolean.TRUE.equals(variables.get("budgetApproved"))
              ? ": spend approved"
              : ": spend declined";
      case "generate_clip" ->
          variables.get("generatedVideo") instanceof Map<?, ?> video
                  && video.get("usage") instanceof Map<?, ?> usage
              ? String.format(
                  "%n      used %,d tokens; video: %s",
                  ((Number) usage.get("completionTokens")).longValue(), video.get("videoUrl"))
              : "";
      case "review_clip" ->
          Boolean.TRUE.equals(variables.get("approved"))
              ? ": approved"
              : ": revision asked: \"" + variables.get("feedback") + "\"";
      default -> "";
    };
  }

  private int finish(LocalSession session, long key, List<Step> timeline, Instant begin) {
    Map<String, Object> variables = session.runtime.records().outcome(key).variables();
    Object publication = variables.get("publication");
    out.println();
    if (publication instanceof Map<?, ?> published) {
      // The provider's link dies with the demo's simulator (and a real one's after about 24 h):
      // what lasts is the document.
      List<Path> kept = KeptFiles.in(published.get("document"), session.runtime.documentStore());
      out.println(
          "  Published: "
              + (kept.isEmpty() ? published.get("url") : kept.getFirst() + " (the kept document)"));
      if (session.simulator != null) {
        out.println(
            "             The simulator's clip is a 2 s, 320x180 test pattern, not the requested"
                + " video: a real provider makes that.");
      }
      out.println("  Prompt:    " + variables.get("clipPrompt"));
      if (variables.get("generatedVideo") instanceof Map<?, ?> video
          && video.get("estimate") instanceof Map<?, ?> estimate
          && video.get("usage") instanceof Map<?, ?> usage) {
        out.printf(
            "  Tokens:    %,d estimated before paying, %,d used%n",
            ((Number) estimate.get("tokens")).longValue(),
            ((Number) usage.get("completionTokens")).longValue());
      }
    } else {
      out.println("  The flow ended without publishing (see the timeline).");
    }
    out.println();
    out.println("  Timeline");
    for (Step step : timeline) {
      out.printf(
          "    %6.1f s  %-34s %5.1f s%n",
          Duration.between(begin, step.started()).toMillis() / 1000.0, step.name(), seconds(step));
    }
    if (session.simulator != null) {
      out.printf(
          "%n  %d video tasks made, %d status reads in all, %.1f s from start to published.%n",
          session.simulator.tasksCreated(),
          session.simulator.count(dev.seedflow.seedance.simulator.RequestKind.READ),
          Duration.between(begin, Instant.now()).toMillis() / 1000.0);
    }
    if (variables.get("generatedVideo") instanceof Map<?, ?> video) {
      List<Path> frame =
          KeptFiles.in(video.get("lastFrameDocument"), session.runtime.documentStore());
      List<Path> clip = KeptFiles.in(video.get("videoDocument"), session.runtime.documentStore());
      out.println();
      out.println(
          "  Kept as Camunda documents, in the local runtime's folder store (the video plays in any"
              + " player):");
      frame.forEach(path -> out.println("    last frame  " + path));
      clip.forEach(path -> out.println("    video       " + path));
    }
    out.println();
    return publication instanceof Map ? Runner.COMPLETED : Runner.INCIDENT;
  }

  private static String progress(String json) {
    try {
      Map<?, ?> progress = JSON.readValue(json, Map.class);
      Object percent = progress.get("progress");
      if (!(percent instanceof Number number)) return "rendering (" + progress.get("status") + ")";
      int filled = number.intValue() / 5;
      return "rendering ["
          + "#".repeat(filled)
          + ".".repeat(20 - filled)
          + "] "
          + number.intValue()
          + " %";
    } catch (IOException e) {
      return "rendering";
    }
  }

  private static double seconds(Step step) {
    return Duration.between(step.started(), step.ended()).toMillis() / 1000.0;
  }

  private static String name(BpmnModelInstance model, String id) {
    FlowElement element = model.getModelElementById(id);
    return element == null || element.getName() == null ? id : element.getName();
  }
}
