package dev.seedflow.seedance.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.request.HostedModel;
import dev.seedflow.seedance.request.ProviderType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * "Make a draft" shows only where the chosen model makes drafts: after {@link ProviderConditions}
 * has written the providers that take a draft, this keeps those whose model dropdown offers a model
 * that drafts, and adds the condition that the dropdown holds one of those models. A template
 * condition cannot say "this provider and these models, or that provider and those", so more than
 * one such provider fails the generation with a message, rather than showing the field wrongly.
 */
public final class DraftCondition {
  private DraftCondition() {}

  /** Rewrites the draft fields of {@code template} in place. */
  public static void apply(ObjectNode template) {
    ArrayNode properties = (ArrayNode) template.path("properties");
    for (JsonNode property : properties) {
      String id = property.path("id").asText();
      if (id.equals("draft") || id.endsWith(":draft")) apply(properties, (ObjectNode) property);
    }
  }

  private static void apply(ArrayNode properties, ObjectNode draft) {
    ArrayNode parts = (ArrayNode) draft.path("condition").path("allMatch");
    ObjectNode providerPart = null;
    for (JsonNode part : parts)
      if (part.path("property").asText().endsWith("providerType")) providerPart = (ObjectNode) part;
    if (providerPart == null)
      throw new IllegalStateException(draft.path("id") + " has no provider condition to narrow");
    List<String> drafting = new ArrayList<>();
    String dropdown = null;
    ProviderType drafter = null;
    for (ProviderType provider : providers(providerPart)) {
      Set<String> draftingIds =
          Dialect.of(provider).rules().models().stream()
              .filter(model -> model.model().makesDrafts())
              .map(HostedModel::id)
              .collect(Collectors.toSet());
      for (JsonNode field : properties) {
        if (!prefix(field).equals(prefix(draft)) || !offersModelsOf(field, provider)) continue;
        List<String> offered = new ArrayList<>();
        field.path("choices").forEach(choice -> offered.add(choice.path("value").asText()));
        offered.retainAll(draftingIds);
        if (offered.isEmpty()) continue;
        if (drafter != null)
          throw new IllegalStateException(
              draft.path("id")
                  + ": both "
                  + drafter
                  + " and "
                  + provider
                  + " offer models that draft, which one template condition cannot say");
        drafter = provider;
        dropdown = field.path("id").asText();
        drafting = offered;
      }
    }
    if (drafter == null)
      throw new IllegalStateException(draft.path("id") + ": no offered model makes drafts");
    String property = providerPart.path("property").asText();
    providerPart.removeAll();
    providerPart.put("property", property).put("equals", drafter.wireName()).put("type", "simple");
    ObjectNode modelPart = parts.addObject().put("property", dropdown);
    ArrayNode oneOf = modelPart.putArray("oneOf");
    drafting.forEach(oneOf::add);
    modelPart.put("type", "simple");
  }

  /** The operation a field belongs to, as its id's prefix ({@code createTask:}). */
  private static String prefix(JsonNode field) {
    String id = field.path("id").asText();
    return id.substring(0, id.lastIndexOf(':') + 1);
  }

  private static List<ProviderType> providers(ObjectNode condition) {
    if (condition.has("equals"))
      return List.of(ProviderType.fromWireName(condition.path("equals").asText()));
    List<ProviderType> providers = new ArrayList<>();
    condition.path("oneOf").forEach(p -> providers.add(ProviderType.fromWireName(p.asText())));
    return providers;
  }

  /** A model dropdown (it has choices, and its value binds to {@code video.model}) of provider. */
  private static boolean offersModelsOf(JsonNode field, ProviderType provider) {
    if (!field.path("binding").path("name").asText().endsWith("model")
        || !field.has("choices")
        || field.path("id").asText().endsWith("providerType")) return false;
    for (JsonNode part : field.path("condition").path("allMatch")) {
      if (!part.path("property").asText().endsWith("providerType")) continue;
      if (part.path("equals").asText().equals(provider.wireName())) return true;
      for (JsonNode p : part.path("oneOf")) if (p.asText().equals(provider.wireName())) return true;
    }
    return false;
  }
}
