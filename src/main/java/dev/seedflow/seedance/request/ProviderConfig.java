package dev.seedflow.seedance.request;

import dev.seedflow.seedance.signing.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * Where and how to reach a provider. The API key is deliberately kept out of {@link #toString()},
 * so a config can be logged or put into a message without leaking it.
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

  /**
   * Which account at which provider this is, without the key: the type, the base URL and the key's
   * SHA-256. What shares an account shares its queue, its rate budget and its webhook secret; a
   * hash code would let two keys share them by chance.
   */
  public String account() {
    String key = apiKey == null ? "" : Sha256.hex(apiKey.getBytes(StandardCharsets.UTF_8));
    return type + " " + baseUrl + " " + key;
  }

  @Override
  public String toString() {
    return "ProviderConfig[type="
        + type
        + ", baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey == null ? "<none>" : "<hidden>")
        + "]";
  }
}
