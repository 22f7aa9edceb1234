package dev.seedflow.seedance.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.model.bpmn.builder.ServiceTaskBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Applies an element template to a service task the way the Modeler does: the properties whose conditions hold
 * (with the values a user entered, else the template's defaults) are written through their bindings as the job
 * type, retries, input mappings and task headers. So examples and tests run exactly what a user's model would.
 */
public final class TemplateApplier {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode template;

  private TemplateApplier(JsonNode template) {
    this.template = template;
  }

  public static TemplateApplier load(Path templateFile) {
    try {
      return new TemplateApplier(JSON.readTree(templateFile.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read element template " + templateFile, e);
    }
  }

  /** What applying the template with these values writes onto the task. */
  public record Applied(String jobType, String retries, Map<String, String> inputs, Map<String, String> headers,
      String templateId, int templateVersion) implements Consumer<ServiceTaskBuilder> {

    @Override
    public void accept(ServiceTaskBuilder task) {
      task.zeebeJobType(jobType);
      if (retries != null) task.zeebeJobRetries(retries);
      inputs.forEach((target, source) -> task.zeebeInput(source, target));
      headers.forEach(task::zeebeTaskHeader);
      task.getElement().setAttributeValueNs("http://camunda.org/schema/zeebe/1.0", "modelerTemplate", templateId);
      task.getElement().setAttributeValueNs("http://camunda.org/schema/zeebe/1.0", "modelerTemplateVersion", String.valueOf(templateVersion));
    }
  }

  /**
   * @param values what the user entered, by property id (for example {@code "createTask:prompt"}); a value for a
   *     property that is not shown with these choices is an error, as it could not be entered in the Modeler
   */
  public Applied apply(Map<String, Object> values) {
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    template.get("properties").forEach(p -> {
      if (p.has("id")) byId.put(p.get("id").asText(), p);
    });
    // Conditions may point at properties listed later, so settle them as the Modeler does: until nothing changes.
    Map<String, Object> effective = new HashMap<>();
    List<JsonNode> active = List.of();
    for (int round = 0; round <= byId.size(); round++) {
      Map<String, Object> next = new HashMap<>();
      List<JsonNode> nextActive = new ArrayList<>();
      for (JsonNode property : template.get("properties")) {
        if (!holds(property.path("condition"), effective)) continue;
        nextActive.add(property);
        if (property.has("id")) {
          String id = property.get("id").asText();
          next.put(id, values.containsKey(id) ? values.get(id) : property.has("value") ? JSON.convertValue(property.get("value"), Object.class) : null);
        }
      }
      boolean settled = next.equals(effective);
      effective = next;
      active = nextActive;
      if (settled) break;
    }
    for (String id : values.keySet()) {
      if (!byId.containsKey(id)) throw new IllegalArgumentException("the template has no property " + id);
      if (active.stream().noneMatch(p -> id.equals(p.path("id").asText()))) {
        throw new IllegalArgumentException("property " + id + " is not shown with these choices, so a user could not set it");
      }
    }
    String jobType = null, retries = null;
    Map<String, String> inputs = new LinkedHashMap<>();
    Map<String, String> headers = new LinkedHashMap<>();
    for (JsonNode property : active) {
      JsonNode binding = property.get("binding");
      Object value = property.has("id") ? effective.get(property.get("id").asText()) : JSON.convertValue(property.get("value"), Object.class);
      if (value == null || value.toString().isEmpty()) continue;
      switch (binding.get("type").asText()) {
        case "zeebe:taskDefinition" -> {
          if (binding.get("property").asText().equals("type")) jobType = value.toString(); else retries = value.toString();
        }
        case "zeebe:input" -> inputs.put(binding.get("name").asText(), source(property, value));
        case "zeebe:taskHeader" -> headers.put(binding.get("key").asText(), value.toString());
        default -> throw new IllegalArgumentException("binding type " + binding.get("type").asText() + " is not supported here");
      }
    }
    return new Applied(jobType, retries, inputs, headers, template.get("id").asText(), template.get("version").asInt());
  }

  /** Booleans and numbers are written as FEEL (=true, =5), as the Modeler writes them; text stays literal. */
  private static String source(JsonNode property, Object value) {
    String text = value.toString();
    if (text.startsWith("=")) return text;
    String type = property.path("type").asText();
    boolean typed = type.equals("Boolean") || type.equals("Number") || property.path("feel").asText().equals("required");
    return typed ? "=" + text : text;
  }

  private static boolean holds(JsonNode condition, Map<String, Object> values) {
    if (condition.isMissingNode()) return true;
    if (condition.has("allMatch")) {
      for (JsonNode part : condition.get("allMatch")) {
        if (!holds(part, values)) return false;
      }
      return true;
    }
    String property = condition.get("property").asText();
    if (!values.containsKey(property)) return false; // the property it depends on is not shown
    Object value = values.get(property);
    String text = value == null ? null : value.toString();
    if (condition.has("equals")) return condition.get("equals").asText().equals(text);
    if (condition.has("oneOf")) {
      for (JsonNode option : condition.get("oneOf")) {
        if (option.asText().equals(text)) return true;
      }
      return false;
    }
    if (condition.has("isActive")) return condition.get("isActive").asBoolean();
    throw new IllegalArgumentException("condition " + condition + " is not supported here");
  }
}
