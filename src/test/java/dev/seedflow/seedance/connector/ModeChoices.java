package dev.seedflow.seedance.connector;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.request.Mode;

/**
 * The "What to make" dropdowns of a generated template, written from {@link Mode}: one choice per
 * mode, with the label that messages use too, so the Modeler and an incident name a mode alike.
 */
public final class ModeChoices {
  private ModeChoices() {}

  /** Rewrites every mode dropdown of {@code template} in place (ids ending in {@code mode}). */
  public static void apply(ObjectNode template) {
    template
        .path("properties")
        .forEach(
            property -> {
              String id = property.path("id").asText();
              if (!id.equals("mode") && !id.endsWith(":mode")) return;
              ArrayNode choices = ((ObjectNode) property).putArray("choices");
              for (Mode mode : Mode.values())
                choices.addObject().put("name", mode.label()).put("value", mode.wireName());
            });
  }
}
