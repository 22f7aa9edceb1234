package dev.seedflow.seedance.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.seedflow.seedance.connector.finished.VideoFinishedConnector;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.worker.template.AwaitVideoTemplate;
import dev.seedflow.seedance.worker.template.GenerateVideoTemplate;
import io.camunda.connector.generator.api.GeneratorConfiguration;
import io.camunda.connector.generator.api.GeneratorConfiguration.ConnectorMode;
import io.camunda.connector.generator.dsl.ElementTemplate;
import io.camunda.connector.generator.java.ClassBasedTemplateGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The element templates are generated from the annotated model, never edited by hand, with their
 * providers written from the dialects ({@link ProviderConditions}). This test regenerates them and
 * fails when a committed file differs; {@code ./seedance templates} writes them anew. Every
 * committed template must also validate against Camunda's published element-template JSON schema.
 */
public class ElementTemplatesTest {
  static final Path DIRECTORY = Path.of("element-templates");

  /** The generator's templates as the element-template Maven plugin's mapper sees them. */
  private static final ObjectMapper GENERATED = new ObjectMapper();

  /** Written the way Camunda's element-template Maven plugin writes them. */
  private static final ObjectWriter WRITER =
      GENERATED.writer(
          new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter().withLinefeed("\n")));

  private static final ObjectMapper JSON = Json.mapper();

  /** File name, connector class and mode of every template we ship. */
  public record TemplateFile(Path path, Class<?> connector, ConnectorMode mode) {}

  public static List<TemplateFile> templateFiles() {
    return List.of(
        new TemplateFile(
            DIRECTORY.resolve("seedance-connector.json"),
            SeedanceConnector.class,
            ConnectorMode.NORMAL),
        new TemplateFile(
            DIRECTORY.resolve("hybrid/seedance-connector-hybrid.json"),
            SeedanceConnector.class,
            ConnectorMode.HYBRID),
        new TemplateFile(
            DIRECTORY.resolve("seedance-generate.json"),
            GenerateVideoTemplate.class,
            ConnectorMode.NORMAL),
        new TemplateFile(
            DIRECTORY.resolve("hybrid/seedance-generate-hybrid.json"),
            GenerateVideoTemplate.class,
            ConnectorMode.HYBRID),
        new TemplateFile(
            DIRECTORY.resolve("seedance-await.json"),
            AwaitVideoTemplate.class,
            ConnectorMode.NORMAL),
        new TemplateFile(
            DIRECTORY.resolve("hybrid/seedance-await-hybrid.json"),
            AwaitVideoTemplate.class,
            ConnectorMode.HYBRID),
        new TemplateFile(
            DIRECTORY.resolve("seedance-video-finished.json"),
            VideoFinishedConnector.class,
            ConnectorMode.NORMAL),
        new TemplateFile(
            DIRECTORY.resolve("hybrid/seedance-video-finished-hybrid.json"),
            VideoFinishedConnector.class,
            ConnectorMode.HYBRID));
  }

  public static String generate(TemplateFile file) throws IOException {
    GeneratorConfiguration config =
        new GeneratorConfiguration(file.mode(), null, null, null, null, Map.of());
    List<ElementTemplate> templates =
        new ClassBasedTemplateGenerator().generate(file.connector(), config);
    assertThat(templates).hasSize(1);
    ObjectNode template = GENERATED.valueToTree(templates.getFirst());
    ProviderConditions.apply(template);
    ModeChoices.apply(template);
    DraftCondition.apply(template);
    return WRITER.writeValueAsString(template) + "\n";
  }

  @Test
  void committedTemplatesAreTheGeneratedOnes() throws IOException {
    boolean write = Boolean.getBoolean("seedflow.writeTemplates");
    List<String> stale = new ArrayList<>();
    for (TemplateFile file : templateFiles()) {
      String generated = generate(file);
      if (write) {
        Files.createDirectories(file.path().getParent());
        Files.writeString(file.path(), generated);
      } else if (!Files.exists(file.path()) || !Files.readString(file.path()).equals(generated)) {
        stale.add(file.path().toString());
      }
    }
    assertThat(stale)
        .as(
            "these templates differ from what the annotated model generates; run ./seedance"
                + " templates and commit the result")
        .isEmpty();
  }

  static Stream<Path> committedTemplates() throws IOException {
    try (Stream<Path> files = Files.walk(DIRECTORY)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("committedTemplates")
  void validatesAgainstCamundasPublishedSchema(Path template) throws IOException {
    JsonSchema schema;
    try (InputStream in = getClass().getResourceAsStream("/element-template-schema/schema.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    Set<ValidationMessage> errors = schema.validate(JSON.readTree(template.toFile()));
    assertThat(errors)
        .as(template + " against @camunda/zeebe-element-templates-json-schema")
        .isEmpty();
  }

  /**
   * The schema cannot see it, but a condition on a property that does not exist hides its field for
   * good.
   */
  @ParameterizedTest
  @MethodSource("committedTemplates")
  void everyConditionNamesAPropertyOfTheTemplate(Path template) throws IOException {
    JsonNode json = JSON.readTree(template.toFile());
    Set<String> ids = new java.util.HashSet<>();
    json.get("properties").forEach(p -> ids.add(p.path("id").asText()));
    List<String> dangling = new ArrayList<>();
    json.get("properties")
        .forEach(
            p ->
                p.path("condition")
                    .findValues("property")
                    .forEach(
                        ref -> {
                          if (!ids.contains(ref.asText()))
                            dangling.add(p.path("id").asText() + " -> " + ref.asText());
                        }));
    assertThat(dangling).as(template + ": conditions on unknown properties").isEmpty();
  }

  @Test
  void theSchemaCatchesABrokenTemplate() throws IOException {
    JsonSchema schema;
    try (InputStream in = getClass().getResourceAsStream("/element-template-schema/schema.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
    JsonNode broken =
        JSON.readTree(
            "{\"name\": \"x\", \"id\": \"x\", \"appliesTo\": [\"bpmn:Task\"], \"properties\":"
                + " [{\"binding\": {\"type\": \"nonsense\"}}]}");
    assertThat(schema.validate(broken)).isNotEmpty();
  }

  /**
   * The templates' model and aspect-ratio dropdowns are annotation constants, so they cannot read
   * the dialects' lists; this ties them: every dropdown shown for a provider offers exactly what
   * that provider's rules document.
   */
  @ParameterizedTest
  @MethodSource("templateFiles")
  void theDropdownsOfferWhatEachProvidersRulesDocument(TemplateFile file) throws IOException {
    JsonNode template = JSON.readTree(file.path().toFile());
    int checked = 0;
    for (JsonNode property : template.path("properties")) {
      String id = property.path("id").asText();
      boolean models = id.endsWith("Model") && !id.endsWith("otherModel");
      if (!(models || id.endsWith("AspectRatio")) || !property.has("choices")) continue;
      Set<String> offered = new java.util.HashSet<>();
      property.path("choices").forEach(choice -> offered.add(choice.path("value").asText()));
      for (JsonNode condition :
          property.path("condition").path("allMatch").isMissingNode()
              ? List.of(property.path("condition"))
              : (Iterable<JsonNode>) property.path("condition").path("allMatch")::elements) {
        if (!condition.path("property").asText().endsWith("providerType")) continue;
        List<String> types =
            condition.has("equals")
                ? List.of(condition.path("equals").asText())
                : JSON.convertValue(
                    condition.path("oneOf"),
                    JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        for (String type : types) {
          var rules =
              dev.seedflow.seedance.client.dialect.Dialect.of(
                      dev.seedflow.seedance.request.ProviderType.fromWireName(type))
                  .rules();
          assertThat(offered)
              .as("%s for %s", id, type)
              .containsExactlyInAnyOrderElementsOf(
                  models ? rules.documentedModels() : rules.aspectRatios());
          checked++;
        }
      }
    }
    assertThat(checked)
        .as("dropdowns tied to the rules")
        .isGreaterThanOrEqualTo(
            file.connector() == AwaitVideoTemplate.class
                    || file.connector() == VideoFinishedConnector.class
                ? 0
                : 7);
  }
}
