package dev.seedflow.seedance.modeler;

import static io.camunda.zeebe.model.bpmn.impl.BpmnModelConstants.ZEEBE_NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.local.TemplateApplier;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeHeader;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed element templates in the real Camunda web modeler components (bpmn-js, the Camunda
 * 8 properties panel and element templates) in headless Chromium: for each template and choice of
 * operation, provider and mode, the panel shows the expected groups and fields and hides the
 * conditional ones, and applying the template writes the same task definition, input mappings and
 * headers as our TemplateApplier (which builds bpmn-examples/). The screenshots and the pictures of
 * bpmn-examples/ that the README shows are made here, into docs/.
 *
 * <p>Without Chromium or the modeler components the test is skipped and says why; with
 * SEEDFLOW_REQUIRE_MODELER=true (as .ci/run sets it) it fails instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelerFidelityTest {
  static final Path DOCS = Path.of("docs");
  private static final ObjectMapper JSON = Json.mapper();
  private static final String TASK = "Task_1";

  /** What a user starts from: a new diagram with one service task. */
  private static final String NEW_DIAGRAM =
      Bpmn.convertToString(
          Bpmn.createExecutableProcess("video_step")
              .startEvent("Start")
              .serviceTask(TASK)
              .name("Make the video")
              .endEvent("End")
              .done());

  private ModelerHarness modeler;
  private String skipReason;

  /**
   * A template with the user's choices (property id to value, in the order they are picked), the
   * labels a person should see and not see, and the errors the Modeler shows until the required
   * fields are filled in. They are written out by hand so that the Modeler and TemplateApplier
   * cannot agree on a mistake. {@code picture} names the screenshot in docs/modeler/, or is null.
   */
  record Scenario(
      String name,
      String template,
      Map<String, String> choices,
      List<String> shows,
      List<String> hides,
      List<String> errors,
      String picture) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Scenario> scenarios() {
    return List.of(
        new Scenario(
            "connector: create on Ark, text to video",
            "seedance-connector.json",
            Map.of(),
            List.of(
                "Operation",
                "Provider API",
                "Base URL",
                "API key",
                "Model",
                "What to make",
                "Prompt",
                "Duration (seconds)",
                "Resolution",
                "Callback URL",
                "Refuse above (tokens)",
                "Refuse above (money)",
                "Result variable",
                "Retries"),
            List.of(
                "Task id",
                "First frame image",
                "Last frame image",
                "Reference videos",
                "Draft task id",
                "Keep the video as a Camunda document"),
            List.of(),
            "connector-create.png"),
        new Scenario(
            "connector: create on a unified gateway, first and last frame",
            "seedance-connector.json",
            ordered("createTask:providerType", "unified", "createTask:mode", "first-last-frame"),
            List.of(
                "First frame image", "Last frame image", "Keep the camera still", "Seed", "Prompt"),
            List.of("Callback URL", "Resolution", "Reference images", "Task id"),
            List.of(
                "Base URL must not be empty.",
                "First frame image must not be empty.",
                "Last frame image must not be empty."),
            null),
        new Scenario(
            "connector: get a task",
            "seedance-connector.json",
            ordered("operation", "getTask"),
            List.of(
                "Operation",
                "Provider API",
                "Base URL",
                "API key",
                "Task id",
                "Keep the video as a Camunda document",
                "Keep the last frame too",
                "Keep for",
                "Result variable"),
            List.of(
                "Prompt",
                "Model",
                "What to make",
                "Duration (seconds)",
                "Callback URL",
                "Refuse above (tokens)"),
            List.of("Task id must not be empty."),
            "connector-get.png"),
        new Scenario(
            "connector: price a video, no provider call",
            "seedance-connector.json",
            ordered("operation", "estimateCost"),
            List.of(
                "Operation",
                "Provider API",
                "Model",
                "What to make",
                "Prompt",
                "Duration (seconds)",
                "Resolution",
                "Result variable"),
            List.of(
                "Task id",
                "Refuse above (tokens)",
                "Keep the video as a Camunda document",
                "Give up waiting after"),
            List.of(),
            null),
        new Scenario(
            "connector: cancel a task on a gateway",
            "seedance-connector.json",
            ordered("operation", "cancelTask", "cancelTask:providerType", "openai-compatible"),
            List.of("Task id", "Base URL", "API key"),
            List.of("Prompt", "Model", "Give up waiting after"),
            List.of("Base URL must not be empty.", "Task id must not be empty."),
            null),
        new Scenario(
            "generate: Ark, text to video",
            "seedance-generate.json",
            Map.of(),
            List.of(
                "Provider API",
                "Base URL",
                "API key",
                "Model",
                "Prompt",
                "Give up waiting after",
                "Check at most every",
                "Refuse above (tokens)",
                "Refuse above (money)",
                "Keep the video as a Camunda document",
                "Keep the last frame too",
                "Keep for",
                "Result variable",
                "Error expression",
                "Priority",
                "Safety identifier",
                "Let the model search the web",
                // Ark's API takes camera_fixed (for an endpoint's model), as the gateways' do.
                "Keep the camera still"),
            List.of("Operation", "Task id", "First frame image"),
            List.of(),
            "generate.png"),
        new Scenario(
            "generate: OpenAI-compatible, reference media",
            "seedance-generate.json",
            ordered("generate:providerType", "openai-compatible", "generate:mode", "reference"),
            List.of(
                "Reference images", "Reference videos", "Reference audio", "Resolution", "Prompt"),
            List.of("Seed", "Callback URL", "Service tier", "First frame image"),
            List.of("Base URL must not be empty."),
            null),
        new Scenario(
            "generate: fal, first and last frame",
            "seedance-generate.json",
            ordered("generate:providerType", "fal", "generate:mode", "first-last-frame"),
            List.of(
                "Base URL",
                "Model",
                "First frame image",
                "Last frame image",
                "Resolution",
                "Seed",
                "Aspect ratio",
                "Callback URL",
                "Callback to a 'video finished' event (its webhook ID)"),
            List.of(
                "Keep the camera still",
                "Service tier",
                "Priority",
                "Let the model search the web",
                "Reference images",
                "Give up after (seconds)"),
            List.of("First frame image must not be empty.", "Last frame image must not be empty."),
            null),
        new Scenario(
            "generate: from a draft",
            "seedance-generate.json",
            ordered("generate:mode", "draft"),
            List.of("Draft task id", "Model"),
            List.of("Prompt", "Duration (seconds)", "First frame image"),
            List.of("Draft task id must not be empty."),
            null),
        new Scenario(
            "await: a task made elsewhere",
            "seedance-await.json",
            Map.of(),
            List.of(
                "Provider API",
                "Task id",
                "Give up waiting after",
                "Check at most every",
                "Keep the video as a Camunda document",
                "Result variable"),
            List.of("Prompt", "Model", "Operation", "Refuse above (tokens)"),
            List.of("Task id must not be empty."),
            "await.png"),
        new Scenario(
            "hybrid connector",
            "hybrid/seedance-connector-hybrid.json",
            Map.of(),
            List.of("Operation", "Prompt"),
            List.of("Task id"),
            List.of(),
            null),
        new Scenario(
            "hybrid generate",
            "hybrid/seedance-generate-hybrid.json",
            Map.of(),
            List.of("Prompt", "Give up waiting after"),
            List.of("Task id"),
            List.of(),
            null),
        new Scenario(
            "hybrid await",
            "hybrid/seedance-await-hybrid.json",
            Map.of(),
            List.of("Task id", "Give up waiting after"),
            List.of("Prompt"),
            List.of("Task id must not be empty."),
            null));
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("bpmn-examples"))) {
      return files.filter(file -> file.toString().endsWith(".bpmn")).sorted().toList().stream();
    }
  }

  @BeforeAll
  void startModeler() throws Exception {
    skipReason =
        ModelerHarness.missingPart()
            .map(missing -> "Modeler fidelity test SKIPPED: " + missing)
            .orElse(null);
    if (skipReason == null) {
      modeler = ModelerHarness.start();
      return;
    }
    System.err.println(skipReason);
    if ("true".equals(System.getenv("SEEDFLOW_REQUIRE_MODELER")))
      fail(skipReason + " (SEEDFLOW_REQUIRE_MODELER=true)");
  }

  /** Each test is reported as skipped, with the reason, so the count shows it. */
  @BeforeEach
  void skipWithoutModeler() {
    Assumptions.assumeTrue(skipReason == null, skipReason);
  }

  @AfterAll
  void stopModeler() {
    if (modeler != null) modeler.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void theModelerShowsTheFieldsAndWritesWhatTheExamplesRun(Scenario scenario) throws Exception {
    Path file = ModelerHarness.TEMPLATES.resolve(scenario.template());
    JsonNode template = JSON.readTree(file.toFile());
    TemplateApplier applier = TemplateApplier.load(file);
    Map<String, Object> choices = new LinkedHashMap<>(scenario.choices());

    modeler.open(NEW_DIAGRAM, false);
    String element = modeler.applyTemplate(TASK, template.get("id").asText());
    scenario.choices().forEach((property, value) -> modeler.choose(element, property, value));
    JsonNode panel = modeler.panel();

    assertThat(panel.path("type").asText())
        .as("panel header")
        .isEqualTo(template.get("name").asText());
    Map<String, List<String>> shownGroups = new LinkedHashMap<>();
    panel
        .get("groups")
        .forEach(
            group -> shownGroups.put(group.get("title").asText(), labels(group.get("entries"))));
    Map<String, List<String>> expectedGroups = expectedGroups(template, applier.shown(choices));
    Map<String, List<String>> templateGroups = new LinkedHashMap<>(shownGroups);
    templateGroups.keySet().retainAll(expectedGroups.keySet());
    assertThat(templateGroups)
        .as("the template's groups and fields in the panel")
        .containsExactlyEntriesOf(expectedGroups);

    List<String> allLabels = shownGroups.values().stream().flatMap(List::stream).toList();
    assertThat(allLabels)
        .as("fields shown")
        .containsAll(scenario.shows())
        .doesNotContainAnyElementsOf(scenario.hides());
    assertThat(labels(panel.get("errors")))
        .as("errors the Modeler shows before the user types anything")
        .containsExactlyInAnyOrderElementsOf(scenario.errors());

    assertWritesWhatTheApplierWrites(modeler.xml(), element, applier.apply(choices));

    if (scenario.picture() != null) {
      Path picture = DOCS.resolve("modeler").resolve(scenario.picture());
      modeler.screenshotPanel(picture);
      assertDrawn(picture, 400, 600);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleOpensWithItsTemplatesResolved(Path example) throws Exception {
    modeler.open(Files.readString(example, StandardCharsets.UTF_8), true);
    JsonNode templated = modeler.templatedElements();
    assertThat(templated).as("tasks with a Seedance template in " + example).isNotEmpty();
    templated.forEach(
        task ->
            assertThat(task.path("resolved").asText(null))
                .as("template of " + task.get("id").asText() + " found by the Modeler")
                .isEqualTo(task.get("template").asText()));

    String name = example.getFileName().toString().replace(".bpmn", ".png");
    Path picture = DOCS.resolve("diagrams").resolve(name);
    modeler.screenshotDiagram(picture);
    assertDrawn(picture, 300, 100);
  }

  /**
   * Per template group that has a visible field, the labels of its visible fields, in template
   * order.
   */
  private static Map<String, List<String>> expectedGroups(JsonNode template, List<JsonNode> shown) {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    template
        .get("groups")
        .forEach(
            group -> {
              List<String> labels = new ArrayList<>();
              for (JsonNode property : shown) {
                if (!property.path("type").asText().equals("Hidden")
                    && property.path("group").asText().equals(group.get("id").asText())) {
                  labels.add(property.path("label").asText(""));
                }
              }
              if (!labels.isEmpty()) groups.put(group.get("label").asText(), labels);
            });
    return groups;
  }

  private static void assertWritesWhatTheApplierWrites(
      String xml, String elementId, TemplateApplier.Applied expected) {
    BpmnModelInstance model =
        Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    ServiceTask task = model.getModelElementById(elementId);
    assertThat(task.getAttributeValueNs(ZEEBE_NS, "modelerTemplate"))
        .as("template id")
        .isEqualTo(expected.templateId());
    assertThat(task.getAttributeValueNs(ZEEBE_NS, "modelerTemplateVersion"))
        .as("template version")
        .isEqualTo(String.valueOf(expected.templateVersion()));
    assertThat(task.getAttributeValueNs(ZEEBE_NS, "modelerTemplateIcon"))
        .as("template icon")
        .isEqualTo(expected.templateIcon());
    ZeebeTaskDefinition definition = task.getSingleExtensionElement(ZeebeTaskDefinition.class);
    assertThat(definition.getType()).as("job type").isEqualTo(expected.jobType());
    Map<String, String> inputs = new LinkedHashMap<>();
    ZeebeIoMapping mapping = task.getSingleExtensionElement(ZeebeIoMapping.class);
    if (mapping != null) {
      for (ZeebeInput input : mapping.getInputs()) inputs.put(input.getTarget(), input.getSource());
    }
    assertThat(inputs).as("input mappings").isEqualTo(expected.inputs());
    Map<String, String> headers = new LinkedHashMap<>();
    ZeebeTaskHeaders taskHeaders = task.getSingleExtensionElement(ZeebeTaskHeaders.class);
    if (taskHeaders != null) {
      for (ZeebeHeader header : taskHeaders.getHeaders())
        headers.put(header.getKey(), header.getValue());
    }
    assertThat(headers).as("task headers").isEqualTo(expected.headers());
  }

  /**
   * The picture exists, has a plausible size, and is not blank: a fiftieth of it at least is not
   * white.
   */
  private static void assertDrawn(Path picture, int minWidth, int minHeight) throws IOException {
    BufferedImage image = ImageIO.read(picture.toFile());
    assertThat(image).as(picture + " is a PNG").isNotNull();
    assertThat(image.getWidth()).as(picture + " width").isGreaterThanOrEqualTo(minWidth);
    assertThat(image.getHeight()).as(picture + " height").isGreaterThanOrEqualTo(minHeight);
    long drawn = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) drawn++;
      }
    }
    assertThat(drawn)
        .as(picture + " pixels that are not white")
        .isGreaterThan((long) image.getWidth() * image.getHeight() / 50);
  }

  private static List<String> labels(JsonNode entries) {
    List<String> labels = new ArrayList<>();
    entries.forEach(entry -> labels.add(entry.asText()));
    return labels;
  }

  private static Map<String, String> ordered(String... idsAndValues) {
    Map<String, String> choices = new LinkedHashMap<>();
    for (int i = 0; i < idsAndValues.length; i += 2)
      choices.put(idsAndValues[i], idsAndValues[i + 1]);
    return choices;
  }
}
