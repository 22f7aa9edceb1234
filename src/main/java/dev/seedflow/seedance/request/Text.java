package dev.seedflow.seedance.request;

import java.util.List;
import java.util.Objects;

/** Small text helpers: the Modeler sends "" for a field left empty, which means "not set". */
public final class Text {
  /**
   * How much of a value a message quotes: enough to recognise it, never a 10 KB id or a whole data
   * URL.
   */
  public static final int SHOWN_CHARS = 80;

  /**
   * How much of a provider's own text (an error message, an unreadable answer) a message quotes.
   */
  public static final int PROVIDER_TEXT_CHARS = 300;

  private Text() {}

  public static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** A list without blank entries; null becomes empty. */
  public static List<String> cleanList(List<String> values) {
    return values == null
        ? List.of()
        : values.stream()
            .filter(Objects::nonNull)
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList();
  }

  /**
   * A value as a message may quote it: control characters, format characters and the line and
   * paragraph separators (U+2028, U+2029, which JavaScript, logs and Operate break lines at)
   * escaped, so no line breaks or forged log lines; cut after {@value #SHOWN_CHARS} characters with
   * the full length named.
   */
  public static String shown(String value) {
    return shown(value, SHOWN_CHARS);
  }

  /** As {@link #shown(String)}, cut after {@code max} characters. */
  public static String shown(String value, int max) {
    if (value == null) return "null";
    String cut = value.length() <= max ? value : value.substring(0, max);
    StringBuilder out = new StringBuilder(cut.length() + 16);
    cut.codePoints()
        .forEach(
            c -> {
              if (escaped(c)) {
                out.append(c <= 0xFFFF ? String.format("\\u%04x", c) : String.format("\\U%08x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return value.length() <= max ? out.toString() : out + "... (" + value.length() + " characters)";
  }

  private static boolean escaped(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c)
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
