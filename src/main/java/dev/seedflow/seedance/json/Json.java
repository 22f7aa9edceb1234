package dev.seedflow.seedance.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one Jackson configuration of Seedflow: variables and answers carry more fields than we read,
 * so unknown ones are ignored. Everything that reads or writes JSON starts from here; the client
 * adds limits for untrusted answers.
 */
public final class Json {
  private static final ObjectMapper MAPPER = configure(new ObjectMapper());

  private Json() {}

  /** The shared mapper; thread-safe, never reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Applies the shared configuration to a mapper built on its own factory (for example one with
   * read limits).
   */
  public static ObjectMapper configure(ObjectMapper mapper) {
    return mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }
}
