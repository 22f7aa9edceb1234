package dev.seedflow.seedance.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.model.ShownFor;
import dev.seedflow.seedance.request.HostedModel;
import dev.seedflow.seedance.request.ProviderType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The providers of a generated template, written from the dialects: the "Provider API" dropdown
 * offers every {@link ProviderType}, and each field's {@code providerType} condition, which the
 * input model states as a {@link ShownFor} rule, lists the providers whose rules meet it. A
 * provider whose list of models or aspect ratios no dropdown offers yet gets a dropdown of its own,
 * so a new dialect needs no edit to the input model to appear in the Modeler with its own fields.
 */
public final class ProviderConditions {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ProviderConditions() {}

  /**
   * Rewrites {@code template} in place, each operation's fields (those of one id prefix, such as
   * {@code createTask:}) on their own; a template without a provider dropdown is left as it is.
   */
  public static void apply(ObjectNode template) {
    ArrayNode properties = (ArrayNode) template.path("properties");
    Map<String, List<ObjectNode>> operations = new LinkedHashMap<>();
    properties.forEach(
        p ->
            operations
                .computeIfAbsent(prefix((ObjectNode) p), o -> new ArrayList<>())
                .add((ObjectNode) p));
    operations.values().forEach(fields -> apply(properties, fields));
  }

  private static void apply(ArrayNode properties, List<ObjectNode> fields) {
    ObjectNode dropdown =
        fields.stream().filter(p -> id(p).equals("providerType")).findFirst().orElse(null);
    if (dropdown == null) return;
    ArrayNode choices = dropdown.putArray("choices");
    for (ProviderType type : ProviderType.values())
      choices.addObject().put("name", type.label()).put("value", type.wireName());

    Map<String, ObjectNode> lastOfRule = new LinkedHashMap<>();
    Map<String, Set<Set<String>>> offered = new HashMap<>();
    for (ObjectNode property : fields) {
      for (ObjectNode condition : providerConditions(property)) {
        String rule = ruleOf(property, condition);
        List<String> values = choiceValues(property);
        List<ProviderType> providers = ShownFor.providers(rule, values);
        if (providers.isEmpty())
          throw new IllegalStateException(
              id(property) + ": no provider's rules meet '" + rule + "' with " + values);
        write(condition, providers);
        if (isListRule(rule)) {
          lastOfRule.put(rule, property);
          offered.computeIfAbsent(rule, r -> new HashSet<>()).add(new HashSet<>(values));
        }
      }
    }
    // A list no dropdown offers: a dropdown of its own, after the last of its kind.
    for (Map.Entry<String, ObjectNode> entry : lastOfRule.entrySet()) {
      String rule = entry.getKey();
      ObjectNode after = entry.getValue();
      Map<Set<String>, List<ProviderType>> lists = new LinkedHashMap<>();
      for (ProviderType type : ProviderType.values()) {
        List<String> list = list(rule, type);
        if (!list.isEmpty() && !offered.get(rule).contains(new HashSet<>(list)))
          lists.computeIfAbsent(new HashSet<>(list), l -> new ArrayList<>()).add(type);
      }
      int at = indexOf(properties, after);
      for (List<ProviderType> types : lists.values()) {
        ObjectNode added = after.deepCopy();
        String suffix = rule.equals(ShownFor.OFFERING_THESE_MODELS) ? "Model" : "AspectRatio";
        added.put("id", prefix(after) + camel(types.getFirst().wireName()) + suffix);
        ArrayNode addedChoices = added.putArray("choices");
        for (String value : list(rule, types.getFirst()))
          addedChoices
              .addObject()
              .put("name", label(rule, types.getFirst(), value))
              .put("value", value);
        added.put("value", addedChoices.get(0).path("value").asText());
        providerConditions(added).forEach(condition -> write(condition, types));
        properties.insert(++at, added);
      }
    }
  }

  private static boolean isListRule(String rule) {
    return rule.equals(ShownFor.OFFERING_THESE_MODELS)
        || rule.equals(ShownFor.OFFERING_THESE_ASPECT_RATIOS);
  }

  private static List<String> list(String rule, ProviderType type) {
    var rules = Dialect.of(type).rules();
    return rule.equals(ShownFor.OFFERING_THESE_MODELS)
        ? rules.documentedModels()
        : rules.aspectRatios();
  }

  /** A model by its name and id; an aspect ratio as it is spelled. */
  private static String label(String rule, ProviderType type, String value) {
    if (!rule.equals(ShownFor.OFFERING_THESE_MODELS)) return value;
    return Dialect.of(type).rules().models().stream()
        .filter(model -> model.id().equals(value))
        .map(HostedModel::model)
        .map(model -> model.label() + " (" + value + ")")
        .findFirst()
        .orElse(value);
  }

  /** Its conditions on the provider, alone or within an {@code allMatch}. */
  private static List<ObjectNode> providerConditions(ObjectNode property) {
    JsonNode condition = property.path("condition");
    List<ObjectNode> found = new ArrayList<>();
    List<JsonNode> parts = new ArrayList<>();
    if (condition.has("allMatch")) condition.get("allMatch").forEach(parts::add);
    else if (condition.isObject()) parts.add(condition);
    for (JsonNode part : parts)
      if (part.path("property").asText().endsWith("providerType")) found.add((ObjectNode) part);
    return found;
  }

  private static String ruleOf(ObjectNode property, ObjectNode condition) {
    JsonNode oneOf = condition.path("oneOf");
    if (oneOf.size() != 1 || !ShownFor.isRule(oneOf.get(0).asText()))
      throw new IllegalStateException(
          id(property)
              + " lists its providers by hand ("
              + condition
              + "); name the rule that shows it instead (ShownFor), so a new dialect shows in it");
    return oneOf.get(0).asText();
  }

  /**
   * One provider as {@code equals}, more as {@code oneOf}, as the Modeler's templates write them.
   */
  private static void write(ObjectNode condition, List<ProviderType> providers) {
    String property = condition.path("property").asText();
    String type = condition.path("type").asText("simple");
    condition.removeAll();
    condition.put("property", property);
    if (providers.size() == 1) {
      condition.put("equals", providers.getFirst().wireName());
    } else {
      ArrayNode oneOf = condition.putArray("oneOf");
      providers.forEach(provider -> oneOf.add(provider.wireName()));
    }
    condition.put("type", type);
  }

  private static List<String> choiceValues(ObjectNode property) {
    List<String> values = new ArrayList<>();
    property.path("choices").forEach(choice -> values.add(choice.path("value").asText()));
    return values;
  }

  private static String id(ObjectNode property) {
    String id = property.path("id").asText();
    return id.substring(id.lastIndexOf(':') + 1);
  }

  private static String prefix(ObjectNode property) {
    String id = property.path("id").asText();
    return id.substring(0, id.lastIndexOf(':') + 1);
  }

  private static String camel(String wireName) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : wireName.toCharArray()) {
      if (c == '-' || c == '_') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }

  private static int indexOf(ArrayNode properties, ObjectNode property) {
    for (int i = 0; i < properties.size(); i++) if (properties.get(i) == property) return i;
    throw new IllegalStateException("not among the properties: " + property.path("id"));
  }
}
