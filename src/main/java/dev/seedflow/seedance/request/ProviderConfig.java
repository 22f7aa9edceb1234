package dev.seedflow.seedance.request;

/**
 * Where and how to reach a provider. The API key is deliberately kept out of {@link #toString()}, so a
 * config can be logged or put into a message without leaking it.
 */
public record ProviderConfig(ProviderType type, String baseUrl, String apiKey) {

  public ProviderConfig {
    type = type == null ? ProviderType.DEFAULT : type;
    baseUrl = Text.blankToNull(baseUrl);
    if (baseUrl == null) {
      baseUrl = type.defaultBaseUrl().orElse(null);
    } else if (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
    apiKey = Text.blankToNull(apiKey);
  }

  @Override
  public String toString() {
    return "ProviderConfig[type=" + type + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "<none>" : "<hidden>") + "]";
  }
}
