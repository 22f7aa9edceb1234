package dev.seedflow.seedance.modeler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.local.ExampleModels;
import dev.seedflow.seedance.local.FolderDocumentStore;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import io.camunda.connector.api.document.DocumentCreationRequest;
import io.camunda.connector.document.jackson.JacksonModuleDocumentSerializer;
import io.camunda.connector.jackson.ConnectorsObjectMapperSupplier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The forms beside bpmn-examples/ rendered by form-js, the renderer Tasklist uses, in headless
 * Chromium, with the variables the marketing flow gives each task: each is a valid schema that
 * shows what a person needs and sends what the flow reads. The pictures in docs/forms/ are made
 * here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FormsTest {
  private static final Path HARNESS = Path.of("src/test/modeler");
  private static final Path VIEWER =
      HARNESS.resolve("node_modules/@bpmn-io/form-js/dist/form-viewer.umd.js");
  private static final FolderDocumentStore DOCUMENTS =
      new FolderDocumentStore(Path.of("target/forms-documents"));

  private HeadlessChromium chromium;
  private DevToolsPage page;

  @BeforeAll
  void start() throws Exception {
    String missing =
        HeadlessChromium.find().isEmpty()
            ? "no Chromium found"
            : !Files.isRegularFile(VIEWER)
                ? "form-js is not in " + VIEWER + " (bash src/test/modeler/fetch-components.sh)"
                : null;
    if (missing != null && "true".equals(System.getenv("SEEDFLOW_REQUIRE_MODELER")))
      fail(missing + " (SEEDFLOW_REQUIRE_MODELER=true)");
    Assumptions.assumeTrue(missing == null, "Forms test SKIPPED: " + missing);
    chromium = HeadlessChromium.start(HeadlessChromium.find().orElseThrow());
    page = chromium.newPage();
  }

  @AfterAll
  void stop() {
    if (page != null) page.close();
    if (chromium != null) chromium.close();
  }

  /**
   * A file kept as the worker keeps it, in the local runtime's folder store, and the reference as
   * it lands in a variable: the form previews real documents, as Tasklist does.
   */
  private static Map<String, Object> kept(byte[] content, String contentType, String fileName) {
    var reference =
        DOCUMENTS.createDocument(
            DocumentCreationRequest.from(content)
                .contentType(contentType)
                .fileName(fileName)
                .build());
    return ConnectorsObjectMapperSupplier.getCopy()
        .registerModule(new JacksonModuleDocumentSerializer())
        .convertValue(reference, new TypeReference<Map<String, Object>>() {});
  }

  /**
   * The variables of the marketing flow when the clip is reviewed, as the worker and the runtime
   * write them.
   */
  private static Map<String, Object> atReview() {
    Map<String, Object> video = new LinkedHashMap<>();
    video.put("taskId", "cgt-1795830403-29nbs71");
    video.put("status", "succeeded");
    video.put(
        "videoUrl",
        "https://ark-content.tos.example.com/cgt-1795830403-29nbs71.mp4?X-Tos-Expires=86400");
    video.put("lastFrameUrl", "https://ark-content.tos.example.com/cgt-1795830403-29nbs71.png");
    video.put("usage", Map.of("completionTokens", 108_000, "totalTokens", 108_000));
    video.put(
        "estimate",
        Map.of("tokens", 108_000, "upperBound", false, "basis", "720p 16:9 (1280x720) x 5 s"));
    video.put(
        "videoDocument",
        kept(SeedanceSimulator.servedVideo(), "video/mp4", "cgt-1795830403-29nbs71.mp4"));
    video.put(
        "lastFrameDocument",
        kept(SeedanceSimulator.servedLastFrame(), "image/png", "cgt-1795830403-29nbs71.png"));
    return new LinkedHashMap<>(
        Map.of(
            "generatedVideo",
            video,
            "revisionRound",
            1,
            "clipPrompt",
            "The Trail Runner X splashes through a mountain stream. Revision: show the grip of the"
                + " sole",
            "brief",
            Map.of(
                "prompt",
                "The Trail Runner X splashes through a mountain stream",
                "productImage",
                ExampleModels.PRODUCT_IMAGE)));
  }

  private JsonNode render(String form, Map<String, Object> data) throws Exception {
    page.viewport(700, 1000);
    page.load(HARNESS.resolve("form.html").toUri().toString(), "seedflow");
    JsonNode schema = Json.mapper().readTree(Path.of("bpmn-examples", form + ".form").toFile());
    JsonNode rendered =
        page.call("seedflow.render", schema, data, DOCUMENTS.root().toUri().toString());
    assertThat(rendered.get("warnings"))
        .as("form-js imports " + form + " without warnings")
        .isEmpty();
    return page.call("seedflow.shown");
  }

  private void picture(String form) throws Exception {
    Path file = Path.of("docs/forms", form + ".png");
    Files.createDirectories(file.getParent());
    Files.write(file, page.screenshot(page.call("seedflow.box", "#form")));
  }

  private static List<String> texts(JsonNode shown) {
    return Json.mapper()
        .convertValue(
            shown.get("texts"),
            Json.mapper().getTypeFactory().constructCollectionType(List.class, String.class));
  }

  @Test
  void reviewTheClipShowsThePromptTheVideoTheCostAndTheRoundAndAsksForADecision() throws Exception {
    JsonNode shown = render("review-clip", atReview());
    assertThat(String.join("\n", texts(shown)))
        .contains("Round 2 of at most 4")
        .contains("Revision: show the grip of the sole")
        .contains("cgt-1795830403-29nbs71.mp4")
        .contains("Open the provider's link")
        .contains("estimated 108000 tokens")
        .contains("used 108000 tokens")
        .contains("Approve and publish")
        .contains("Ask for a revision")
        .doesNotContain("What should change?");
    assertThat(shown.get("images"))
        .as("the kept last frame, previewed from the document store")
        .anySatisfy(
            image -> {
              assertThat(image.get("src").asText()).endsWith("/cgt-1795830403-29nbs71.png");
              assertThat(image.get("loaded").asBoolean()).isTrue();
            });
    picture("review-clip");
    assertThat(page.call("seedflow.submit").get("errors"))
        .as("a decision is required")
        .isNotEmpty();

    Map<String, Object> revising = atReview();
    revising.put("approved", false);
    render("review-clip", revising);
    JsonNode submitted = page.call("seedflow.submit");
    assertThat(submitted.get("errors").toString())
        .as("asking for a revision needs the feedback")
        .contains("feedback");
  }

  /**
   * A video over the store's upload limit, where the designer chose to go on: the form says it is
   * only at its URL, for 24 hours.
   */
  @Test
  void reviewTheClipWithoutADocumentSaysTheLinkIsTheOnlyCopyAndExpires() throws Exception {
    Map<String, Object> data = atReview();
    @SuppressWarnings("unchecked")
    Map<String, Object> video = (Map<String, Object>) data.get("generatedVideo");
    video.remove("videoDocument");
    video.put(
        "storeWarning",
        "the video was not kept as a document: the document store refused it as too large (HTTP"
            + " 413)");
    String shown = String.join("\n", texts(render("review-clip", data)));
    assertThat(shown)
        .contains("Not kept as a document.")
        .contains("refused it as too large")
        .contains("expires about 24 hours")
        .contains("Download it before you approve")
        .doesNotContain("Kept as");
    assertThat(String.join("\n", texts(render("review-clip", atReview()))))
        .as("a kept video shows no warning")
        .doesNotContain("Not kept as a document.");
  }

  @Test
  void fixTheBriefShowsTheFailuresCodeAndMessage() throws Exception {
    Map<String, Object> data = new LinkedHashMap<>(atReview());
    data.put(
        "videoError",
        Map.of(
            "code",
            "SEEDANCE_TASK_FAILED",
            "message",
            "the provider failed the video task (provider OutputVideoSensitiveContentDetected)"));
    JsonNode shown = render("fix-brief", data);
    assertThat(String.join("\n", texts(shown)))
        .contains("SEEDANCE_TASK_FAILED")
        .contains("OutputVideoSensitiveContentDetected");
    picture("fix-brief");
    JsonNode submitted = page.call("seedflow.submit");
    assertThat(submitted.get("errors")).isEmpty();
    assertThat(submitted.at("/data/brief/prompt").asText())
        .isEqualTo("The Trail Runner X splashes through a mountain stream");
  }

  @Test
  void approveTheBudgetShowsTheEstimateAndTheThreshold() throws Exception {
    Map<String, Object> data = new LinkedHashMap<>(atReview());
    data.put(
        "price",
        Map.of("tokens", 729_000, "upperBound", false, "basis", "1080p 16:9 (1920x1080) x 15 s"));
    data.put("approvalThreshold", 200_000);
    JsonNode shown = render("approve-budget", data);
    assertThat(String.join("\n", texts(shown)))
        .contains("729000 tokens")
        .contains("1080p 16:9 (1920x1080) x 15 s")
        .contains("200000 tokens")
        .contains("Approve the spend");
    picture("approve-budget");
  }
}
