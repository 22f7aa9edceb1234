package dev.seedflow.seedance.request;

import java.util.List;
import java.util.Objects;

/** Small text helpers: the Modeler sends "" for a field left empty, which means "not set". */
public final class Text {
  private Text() {}

  public static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** A list without blank entries; null becomes empty. */
  public static List<String> cleanList(List<String> values) {
    return values == null ? List.of() : values.stream().filter(Objects::nonNull).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
