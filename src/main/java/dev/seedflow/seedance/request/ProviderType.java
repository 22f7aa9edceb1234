package dev.seedflow.seedance.request;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The API dialects Seedflow speaks; the wire name is what users put in {@code provider.type}. */
public enum ProviderType {
  /** Volcano Engine Ark / BytePlus ModelArk native task API. */
  ARK("ark", "https://ark.ap-southeast.bytepluses.com", "BytePlus ModelArk / Volcano Engine Ark"),
  /**
   * Gateway {@code content[]} protocol (the unified create-task document). The gateways document no
   * public host, so there is no default.
   */
  UNIFIED("unified", null, "Gateway: unified content[] format"),
  /**
   * Gateway legacy fields plus {@code extra_body.operation} (the legacy create-task document, the
   * UniAll overview).
   */
  UNIFIED_LEGACY("unified-legacy", null, "Gateway: legacy fields format"),
  /** OpenAI/Sora-compatible video format (the OpenAI-compatible document). */
  OPENAI_COMPATIBLE("openai-compatible", null, "Gateway: OpenAI-compatible format"),
  /** fal's queue API, which hosts Seedance under {@code bytedance/seedance-2.0}. */
  FAL("fal", "https://queue.fal.run", "fal"),
  /**
   * Replicate's predictions API, which hosts Seedance as the models {@code bytedance/seedance-2.0}
   * and {@code -fast}.
   */
  REPLICATE("replicate", "https://api.replicate.com", "Replicate");

  /** The API of a provider whose type is left empty: Ark's, the one Seedance's makers run. */
  public static final ProviderType DEFAULT = ARK;

  private final String wireName;
  private final String defaultBaseUrl;
  private final String label;

  /**
   * @param label the provider's name in the Modeler's "Provider API" dropdown
   */
  ProviderType(String wireName, String defaultBaseUrl, String label) {
    this.wireName = wireName;
    this.defaultBaseUrl = defaultBaseUrl;
    this.label = label;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  public String label() {
    return label;
  }

  public Optional<String> defaultBaseUrl() {
    return Optional.ofNullable(defaultBaseUrl);
  }

  /** Accepts the wire name in any case; an empty value means the default, {@code ark}. */
  @JsonCreator
  public static ProviderType fromWireName(String name) {
    if (name == null || name.isBlank()) {
      return DEFAULT;
    }
    String wanted = name.trim();
    return Arrays.stream(values())
        .filter(type -> type.wireName.equalsIgnoreCase(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "provider.type '"
                        + wanted
                        + "' is not one of "
                        + Arrays.stream(values()).map(ProviderType::wireName).toList()));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
