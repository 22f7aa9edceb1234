package dev.seedflow.seedance.modeler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Camunda's web modeler (camunda-bpmn-js, fetched by src/test/modeler/fetch-components.sh) in
 * headless Chromium, with the templates from element-templates/ loaded, behind the small API of
 * src/test/modeler/harness.js.
 */
final class ModelerHarness implements AutoCloseable {
  static final Path HARNESS = Path.of("src/test/modeler");
  static final Path MODELER_BUNDLE =
      HARNESS.resolve("node_modules/camunda-bpmn-js/dist/camunda-cloud-modeler.development.js");
  static final Path TEMPLATES = Path.of("element-templates");
  private static final ObjectMapper JSON = Json.mapper();

  private final HeadlessChromium chromium;
  private final DevToolsPage page;
  private final List<JsonNode> templates;

  private ModelerHarness(HeadlessChromium chromium, DevToolsPage page, List<JsonNode> templates) {
    this.chromium = chromium;
    this.page = page;
    this.templates = templates;
  }

  /** Why the Modeler cannot run on this machine, or empty when it can. */
  static Optional<String> missingPart() {
    if (HeadlessChromium.find().isEmpty()) {
      return Optional.of(
          "no Chromium found (looked at SEEDFLOW_CHROMIUM and /usr/bin/chromium, chromium-browser, "
              + "google-chrome); install Debian's package with 'apt-get install chromium'");
    }
    if (!Files.isRegularFile(MODELER_BUNDLE)) {
      return Optional.of(
          "the Camunda modeler components are not in "
              + MODELER_BUNDLE
              + "; fetch them with 'bash src/test/modeler/fetch-components.sh' (./seedance test"
              + " does this when npm is installed)");
    }
    return Optional.empty();
  }

  static ModelerHarness start() throws IOException, InterruptedException {
    HeadlessChromium chromium = HeadlessChromium.start(HeadlessChromium.find().orElseThrow());
    try {
      return new ModelerHarness(chromium, chromium.newPage(), readTemplates());
    } catch (IOException | RuntimeException e) {
      chromium.close();
      throw e;
    }
  }

  /** Every template we ship, as the Modeler finds them in its element-templates folder. */
  static List<JsonNode> readTemplates() throws IOException {
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      return files
          .filter(file -> file.toString().endsWith(".json"))
          .sorted()
          .map(ModelerHarness::readJson)
          .toList();
    }
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A fresh page with the diagram imported. Fails when the Modeler warns about the diagram or
   * rejects a template.
   *
   * @param diagramOnly hides the palette and the properties panel, for a picture of the diagram
   *     alone
   */
  void open(String bpmnXml, boolean diagramOnly) throws InterruptedException {
    page.viewport(1100, 800);
    page.load(HARNESS.resolve("modeler.html").toUri().toString(), "seedflow");
    JsonNode opened = page.call("seedflow.open", bpmnXml, templates, diagramOnly);
    if (!opened.get("importWarnings").isEmpty() || !opened.get("templateProblems").isEmpty()) {
      throw new AssertionError("the Modeler reported problems: " + opened.toPrettyString());
    }
  }

  String applyTemplate(String elementId, String templateId) {
    return page.call("seedflow.applyTemplate", elementId, templateId).asText();
  }

  void choose(String elementId, String propertyId, String value) {
    page.call("seedflow.choose", elementId, propertyId, value);
  }

  /** The panel's header and its groups with the labels of the fields they show. */
  JsonNode panel() {
    return page.call("seedflow.panel");
  }

  JsonNode templatedElements() {
    return page.call("seedflow.templatedElements");
  }

  String xml() {
    return page.call("seedflow.xml").asText();
  }

  void screenshotPanel(Path file) throws IOException {
    write(file, page.screenshot(page.call("seedflow.box", "#properties")));
  }

  /** A picture of the whole diagram at 100%, with a margin around it. */
  void screenshotDiagram(Path file) throws IOException {
    write(file, page.screenshot(page.call("seedflow.fitDiagram", 24)));
  }

  private static void write(Path file, byte[] png) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, png);
  }

  @Override
  public void close() {
    page.close();
    chromium.close();
  }
}
