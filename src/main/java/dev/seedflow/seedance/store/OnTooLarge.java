package dev.seedflow.seedance.store;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a finished video over the store's upload limit does (SaaS takes at most 10 MB per upload; a
 * 1080p clip of 10-15 s can be more): the designer's choice, {@code store.onTooLarge}.
 */
public enum OnTooLarge {
  /** Raise {@code SEEDANCE_STORE_FAILED}: a person decides, the video's URL in the incident. */
  INCIDENT,
  /**
   * Complete with the video's URL and no document, saying so in {@code storeWarning}: the URL
   * expires in about 24 hours.
   */
  CONTINUE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The words a designer may write, for messages: {@code incident or continue}. */
  public static String choices() {
    return String.join(" or ", Arrays.stream(values()).map(OnTooLarge::wireName).toList());
  }

  /**
   * The choice named in any case; empty means the default, {@link #INCIDENT}; null when the word is
   * none of them.
   */
  public static OnTooLarge fromWireName(String name) {
    if (name == null || name.isBlank()) return INCIDENT;
    return Arrays.stream(values())
        .filter(choice -> choice.wireName().equalsIgnoreCase(name.trim()))
        .findFirst()
        .orElse(null);
  }
}
