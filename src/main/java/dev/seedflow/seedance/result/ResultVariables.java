package dev.seedflow.seedance.result;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.document.jackson.JacksonModuleDocumentSerializer;
import io.camunda.connector.jackson.ConnectorsObjectMapperSupplier;
import java.util.Map;

/**
 * A result as process variables, its documents written as the connectors runtime writes them
 * (Camunda document references), for the steps that hand variables to the engine themselves: the
 * worker's completions and the "video finished" event's correlation.
 */
public final class ResultVariables {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final ObjectMapper MAPPER =
      ConnectorsObjectMapperSupplier.getCopy()
          .registerModule(new JacksonModuleDocumentSerializer());

  private ResultVariables() {}

  /** The mapper that writes them, for callers that map more than a result. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static Map<String, Object> of(Object result) {
    return MAPPER.convertValue(result, MAP);
  }
}
