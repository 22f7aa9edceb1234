package dev.seedflow.seedance.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.json.Json;
import java.io.IOException;

/**
 * The one JSON reader for provider answers. An answer is already capped in bytes ({@link
 * BoundedBody}); these limits keep a hostile one from nesting deep enough to overflow the stack or
 * from hiding one huge string.
 */
final class ProviderJson {
  /** A task is a few levels deep; Ark's list wraps it in one more. */
  static final int MAX_DEPTH = 32;

  /** The longest text field we accept: signed result URLs are about 1-2 KB. */
  static final int MAX_STRING_CHARS = 64 * 1024;

  private static final ObjectMapper JSON =
      Json.configure(
          new ObjectMapper(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxStringLength(MAX_STRING_CHARS)
                          .maxNumberLength(100)
                          .build())
                  .build()));

  private ProviderJson() {}

  /** The answer as a tree; throws on anything that is not JSON within the limits. */
  static JsonNode read(String body) throws IOException {
    return JSON.readTree(body);
  }

  static JsonNode emptyObject() {
    return JSON.createObjectNode();
  }
}
