package dev.seedflow.seedance.worker.inputs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.seedflow.seedance.error.Problem;
import dev.seedflow.seedance.signing.EventTokens;
import io.camunda.connector.api.secret.SecretContext;
import io.camunda.connector.api.secret.SecretProvider;
import io.camunda.connector.runtime.core.secret.SecretUtil;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves {@code {{secrets.X}}} only where a secret belongs: {@code provider.apiKey} and {@code
 * provider.baseUrl}. Anyone who can set a process variable (a form field, an earlier step) could
 * otherwise read every secret of the runtime: a prompt {@code tell {{secrets.DB_PASSWORD}}} would
 * go to the provider resolved, and a media URL {@code https://attacker/{{secrets.X}}.png} to a host
 * of the attacker's choosing. A {@code {{secrets.…}}} anywhere else is refused with a message that
 * names the field (the designer who wrote it learns it would not resolve); the legacy bare form
 * {@code secrets.X} is sent as written there, since prose may contain it.
 */
public final class ConfinedSecrets {
  static final List<String> SECRET_FIELDS = List.of("provider.apiKey", "provider.baseUrl");
  private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*secrets\\.");

  private final SecretProvider secrets;
  private final SecretContext context = SecretContexts.none();

  public ConfinedSecrets(SecretProvider secrets) {
    this.secrets = secrets;
  }

  /**
   * What signs the address of a "video finished" event a create step calls back: the secret {@value
   * EventTokens#SECRET}, read by the worker's code, never from a variable.
   */
  EventTokens events() {
    return new EventTokens(name -> secrets.getSecret(name, context));
  }

  /**
   * Resolves the secret fields of {@code variables} in place, and says what is wrong: a secret that
   * is not set, or a secret reference where none may be.
   */
  List<Problem> resolve(ObjectNode variables) {
    List<Problem> problems = new ArrayList<>();
    refuseReferences(variables, "", problems);
    if (variables.path("provider") instanceof ObjectNode provider) {
      for (String field : List.of("apiKey", "baseUrl")) {
        if (provider.get(field) instanceof TextNode text) {
          List<String> missing =
              SecretUtil.retrieveSecretKeysInInput(text.asText()).stream()
                  .distinct()
                  .filter(name -> secrets.getSecret(name, context) == null)
                  .toList();
          missing.forEach(
              name ->
                  problems.add(
                      new Problem(
                          "{{secrets." + name + "}}",
                          "is not set: set the secret "
                              + name
                              + " where the worker runs (an environment variable of the connectors"
                              + " runtime, or a secret of the cluster)")));
          if (missing.isEmpty()) {
            provider.put(field, resolved(text));
          }
        }
      }
    }
    return problems;
  }

  /**
   * Resolved as the runtime resolves a JSON document: {@code SecretUtil} escapes each secret for
   * its place in a JSON string. Not through {@code SecretHandler}, whose constructor differs
   * between 8.8 and 8.9 (docs/compatibility.md).
   */
  private String resolved(TextNode text) {
    try {
      return JobInputs.JSON
          .readTree(SecretUtil.replaceSecrets(text.toString(), context, secrets::getSecret))
          .asText();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a resolved secret did not give back a JSON string", e);
    }
  }

  private static void refuseReferences(JsonNode node, String path, List<Problem> problems) {
    if (SECRET_FIELDS.contains(path)) {
      return;
    }
    if (node.isTextual() && REFERENCE.matcher(node.asText()).find()) {
      problems.add(
          new Problem(
              path,
              "holds a secret reference {{secrets...}}: secrets are resolved only in "
                  + String.join(" and ", SECRET_FIELDS)
                  + ", so that a value a form or an earlier step fills in can never reveal one."
                  + " Remove it"));
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        refuseReferences(
            field.getValue(),
            path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
            problems);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        refuseReferences(node.get(i), path + "[" + i + "]", problems);
      }
    }
  }
}
