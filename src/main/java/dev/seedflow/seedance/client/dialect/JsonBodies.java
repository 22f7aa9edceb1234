package dev.seedflow.seedance.client.dialect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Writes only the fields that are set: providers treat an explicit null differently from an absent
 * field.
 */
final class JsonBodies {
  private JsonBodies() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  static void put(ObjectNode node, String field, Object value) {
    switch (value) {
      case null -> {}
      case String s -> node.put(field, s);
      case Integer i -> node.put(field, i);
      case Long l -> node.put(field, l);
      case Boolean b -> node.put(field, b);
      default -> throw new IllegalArgumentException("unsupported JSON value " + value.getClass());
    }
  }

  /** A list of strings, where it holds any: an empty list is left out like an unset field. */
  static void putList(ObjectNode node, String field, List<String> values) {
    if (!values.isEmpty()) {
      values.forEach(node.putArray(field)::add);
    }
  }
}
