package dev.seedflow.seedance.local;

import static io.camunda.zeebe.model.bpmn.impl.BpmnModelConstants.ZEEBE_NS;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.json.Json;
import io.camunda.zeebe.model.bpmn.builder.IntermediateCatchEventBuilder;
import io.camunda.zeebe.model.bpmn.builder.ServiceTaskBuilder;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
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
 * Applies an element template to a service task the way the Modeler does: the properties whose
 * conditions hold (with the values a user entered, else the template's defaults) are written
 * through their bindings as the job type, retries, input mappings and task headers; on a message
 * catch event, as its properties, message name and correlation key. So examples and tests run
 * exactly what a user's model would.
 */
public final class TemplateApplier {
  private static final ObjectMapper JSON = Json.mapper();

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
  public record Applied(
      String jobType,
      String retries,
      Map<String, String> inputs,
      Map<String, String> headers,
      String templateId,
      int templateVersion,
      String templateIcon)
      implements Consumer<ServiceTaskBuilder> {

    @Override
    public void accept(ServiceTaskBuilder task) {
      task.zeebeJobType(jobType);
      if (retries != null) task.zeebeJobRetries(retries);
      inputs.forEach((target, source) -> task.zeebeInput(source, target));
      // The builder writes a null source as source="", the Modeler leaves the attribute out; both
      // map to null.
      ZeebeIoMapping mapping = task.getElement().getSingleExtensionElement(ZeebeIoMapping.class);
      if (mapping != null) {
        mapping.getInputs().stream()
            .filter(
                input ->
                    inputs.containsKey(input.getTarget()) && inputs.get(input.getTarget()) == null)
            .forEach(input -> input.getDomElement().removeAttribute("source"));
      }
      headers.forEach(task::zeebeTaskHeader);
      task.getElement().setAttributeValueNs(ZEEBE_NS, "modelerTemplate", templateId);
      task.getElement()
          .setAttributeValueNs(ZEEBE_NS, "modelerTemplateVersion", String.valueOf(templateVersion));
      // The Modeler copies the template's icon onto the task, so the diagram shows it even without
      // the template.
      if (templateIcon != null)
        task.getElement().setAttributeValueNs(ZEEBE_NS, "modelerTemplateIcon", templateIcon);
    }
  }

  /**
   * The properties the Modeler shows (hidden ones included) when the user has entered these values.
   */
  public List<JsonNode> shown(Map<String, Object> values) {
    return settle(values).active();
  }

  /**
   * What a user enters in one operation's template, as {@code key, value} pairs: a field id of that
   * operation ({@code "prompt"} becomes {@code "generate:prompt"}); keys with an operation of their
   * own, of the standard groups (result, error) and {@code operation} itself stay as they are.
   * Mutable, so a caller may add more.
   */
  public static Map<String, Object> fields(String operation, Object... keyValues) {
    Map<String, Object> values = new java.util.HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      String key = (String) keyValues[i];
      boolean asIs =
          key.contains(":")
              || key.startsWith("result")
              || key.startsWith("error")
              || key.equals("operation");
      values.put(asIs ? key : operation + ":" + key, keyValues[i + 1]);
    }
    return values;
  }

  /**
   * @param values what the user entered, by property id (for example {@code "createTask:prompt"});
   *     a value for a property that is not shown with these choices is an error, as it could not be
   *     entered in the Modeler
   */
  public Applied apply(Map<String, Object> values) {
    Bound bound = bind(values);
    String icon = template.path("icon").path("contents").asText(null);
    return new Applied(
        bound.jobType,
        bound.retries,
        bound.inputs,
        bound.headers,
        template.get("id").asText(),
        template.get("version").asInt(),
        icon);
  }

  /**
   * An inbound template (a message catch event's) with these values: its properties, message name
   * and correlation key.
   */
  public AppliedEvent applyToEvent(String elementId, Map<String, Object> values) {
    Bound bound = bind(values);
    // The Modeler gives the message a generated UUID; a name from the template and the element
    // keeps the example's file stable.
    String messageName =
        bound.messageName != null
            ? bound.messageName
            : template.get("id").asText() + ":" + elementId;
    return new AppliedEvent(
        bound.properties,
        messageName,
        bound.correlationKey,
        template.get("id").asText(),
        template.get("version").asInt(),
        template.path("icon").path("contents").asText(null));
  }

  /** What applying an inbound template writes onto a message catch event. */
  public record AppliedEvent(
      Map<String, String> properties,
      String messageName,
      String correlationKey,
      String templateId,
      int templateVersion,
      String templateIcon)
      implements Consumer<IntermediateCatchEventBuilder> {

    @Override
    public void accept(IntermediateCatchEventBuilder event) {
      event.message(m -> m.name(messageName).zeebeCorrelationKey(correlationKey));
      properties.forEach(event::zeebeProperty);
      event.getElement().setAttributeValueNs(ZEEBE_NS, "modelerTemplate", templateId);
      event
          .getElement()
          .setAttributeValueNs(ZEEBE_NS, "modelerTemplateVersion", String.valueOf(templateVersion));
      if (templateIcon != null)
        event.getElement().setAttributeValueNs(ZEEBE_NS, "modelerTemplateIcon", templateIcon);
    }
  }

  /** Every binding the shown properties write, by kind. */
  private static final class Bound {
    String jobType, retries, messageName, correlationKey;
    final Map<String, String> inputs = new LinkedHashMap<>(),
        headers = new LinkedHashMap<>(),
        properties = new LinkedHashMap<>();
  }

  private Bound bind(Map<String, Object> values) {
    Settled settled = settle(values);
    Map<String, Object> effective = settled.values();
    List<JsonNode> active = settled.active();
    for (String id : values.keySet()) {
      if (!hasProperty(id))
        throw new IllegalArgumentException("the template has no property " + id);
      if (active.stream().noneMatch(p -> id.equals(p.path("id").asText()))) {
        throw new IllegalArgumentException(
            "property " + id + " is not shown with these choices, so a user could not set it");
      }
    }
    Bound bound = new Bound();
    for (JsonNode property : active) {
      JsonNode binding = property.get("binding");
      Object value =
          property.has("id")
              ? effective.get(property.get("id").asText())
              : JSON.convertValue(property.get("value"), Object.class);
      if (value == null || value.toString().isEmpty()) {
        // The Modeler writes a required input even when it is empty: with no source, so it maps to
        // null.
        boolean required = !property.path("optional").asBoolean(false);
        if (required && binding.get("type").asText().equals("zeebe:input"))
          bound.inputs.put(binding.get("name").asText(), null);
        continue;
      }
      switch (binding.get("type").asText()) {
        case "zeebe:taskDefinition" -> {
          if (binding.get("property").asText().equals("type")) bound.jobType = value.toString();
          else bound.retries = value.toString();
        }
        case "zeebe:input" ->
            bound.inputs.put(binding.get("name").asText(), source(property, value));
        case "zeebe:taskHeader" -> bound.headers.put(binding.get("key").asText(), value.toString());
        case "zeebe:property" ->
            bound.properties.put(binding.get("name").asText(), value.toString());
        case "bpmn:Message#property" -> bound.messageName = value.toString();
        case "bpmn:Message#zeebe:subscription#property" -> bound.correlationKey = value.toString();
        default ->
            throw new IllegalArgumentException(
                "binding type " + binding.get("type").asText() + " is not supported here");
      }
    }
    return bound;
  }

  private boolean hasProperty(String id) {
    for (JsonNode property : template.get("properties")) {
      if (id.equals(property.path("id").asText())) return true;
    }
    return false;
  }

  private record Settled(Map<String, Object> values, List<JsonNode> active) {}

  /**
   * Conditions may point at properties listed later, so they are settled as the Modeler does: until
   * nothing changes.
   */
  private Settled settle(Map<String, Object> values) {
    Map<String, Object> effective = new HashMap<>();
    List<JsonNode> active = List.of();
    int rounds = template.get("properties").size();
    for (int round = 0; round <= rounds; round++) {
      Map<String, Object> next = new HashMap<>();
      List<JsonNode> nextActive = new ArrayList<>();
      for (JsonNode property : template.get("properties")) {
        if (!holds(property.path("condition"), effective)) continue;
        nextActive.add(property);
        if (property.has("id")) {
          String id = property.get("id").asText();
          next.put(
              id,
              values.containsKey(id)
                  ? values.get(id)
                  : property.has("value")
                      ? JSON.convertValue(property.get("value"), Object.class)
                      : null);
        }
      }
      boolean unchanged = next.equals(effective);
      effective = next;
      active = nextActive;
      if (unchanged) break;
    }
    return new Settled(effective, active);
  }

  /**
   * Booleans and numbers are written as FEEL (=true, =5), as the Modeler writes them; text stays
   * literal.
   */
  private static String source(JsonNode property, Object value) {
    String text = value.toString();
    if (text.startsWith("=")) return text;
    String type = property.path("type").asText();
    boolean typed =
        type.equals("Boolean")
            || type.equals("Number")
            || property.path("feel").asText().equals("required");
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
