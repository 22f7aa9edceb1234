package dev.seedflow.seedance.client.dialect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.request.DialectRules;
import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.Option;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.ValidRequest;
import java.util.EnumSet;
import java.util.List;

/**
 * A made-up API, "echo", as a developer would add one: this file, plus its entry (a ProviderType constant, its name in
 * Dialect's permits, a case in Dialect.of). NewDialectTest compiles it beside the product's classes; it is not in the
 * product. Text to video only, 2 to 8 seconds, its duration spelled "seconds", tasks under /echo/tasks.
 */
public final class EchoDialect implements Dialect {
  static final EchoDialect INSTANCE = new EchoDialect();
  static final DialectRules RULES = DialectRules.of(ProviderType.ECHO)
      .models(List.of())
      .modes(EnumSet.of(Mode.TEXT_TO_VIDEO))
      .options(EnumSet.of(Option.DURATION))
      .durations(2, 8)
      .defaultDuration(4)
      .aspectRatios(List.of("16:9"))
      .resolutions(List.of())
      .seeds(0, 0)
      .promptAlwaysRequired()
      .build();

  private EchoDialect() {}

  @Override
  public DialectRules rules() {
    return RULES;
  }

  @Override
  public String createPath(ValidRequest request) {
    return "/echo/tasks";
  }

  @Override
  public ObjectNode createBody(ValidRequest request) {
    ObjectNode body = JsonBodies.object();
    body.put("model", request.video().model());
    body.put("text", request.video().prompt());
    JsonBodies.put(body, "seconds", request.video().duration());
    return body;
  }

  @Override
  public List<String> statusPaths(String taskId) {
    return List.of("/echo/tasks/" + taskId);
  }
}
