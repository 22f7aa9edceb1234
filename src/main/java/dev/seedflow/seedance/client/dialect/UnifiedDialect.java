package dev.seedflow.seedance.client.dialect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.request.DialectRules;
import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.ValidRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * The gateways' {@code content[]} protocol (the unified create-task document): flat {@code {type,
 * url, role}} items, the prompt sent both as {@code prompt} and as the text item (that document's
 * advice for new-api style gateways), and the resolution fixed by the model name. No cancel
 * endpoint is documented.
 */
public final class UnifiedDialect implements Dialect {
  static final UnifiedDialect INSTANCE = new UnifiedDialect();

  /**
   * What the unified create-task document accepts: no draft mode, the resolution fixed by the model
   * name.
   */
  static final DialectRules RULES =
      DialectRules.of(ProviderType.UNIFIED)
          .models(GatewayFields.MODELS)
          .modes(EnumSet.complementOf(EnumSet.of(Mode.DRAFT)))
          .options(GatewayFields.OPTIONS)
          .durations(4, 15)
          .defaultDuration(5)
          .aspectRatios(List.of("auto", "21:9", "16:9", "4:3", "1:1", "3:4", "9:16"))
          .resolutionFromModelName()
          .build();

  private UnifiedDialect() {}

  @Override
  public DialectRules rules() {
    return RULES;
  }

  /** The unified create-task document, section 1: "current unified public endpoint". */
  @Override
  public String createPath(ValidRequest request) {
    return "/v1/videos/generations";
  }

  @Override
  public ObjectNode createBody(ValidRequest request) {
    ObjectNode body = JsonBodies.object();
    body.put("model", request.video().model());
    String prompt = request.video().prompt();
    if (prompt != null) {
      body.put("prompt", prompt);
    }
    ArrayNode content = body.putArray("content");
    if (prompt != null) {
      content.addObject().put("type", "text").put("text", prompt);
    }
    for (MediaItem item : MediaItem.of(request)) {
      content
          .addObject()
          .put("type", item.kind().contentType)
          .put("url", item.url())
          .put("role", role(item, request.video().mode()));
    }
    GatewayFields.putOptions(body, request, null);
    return body;
  }

  /**
   * The unified create-task document section 6.2 sends a lone image with role "image"; the other
   * roles are its own words.
   */
  private static String role(MediaItem item, Mode mode) {
    if (mode == Mode.IMAGE_TO_VIDEO && item.role() == MediaItem.Role.FIRST_FRAME) {
      return "image";
    }
    return item.role().name().toLowerCase(Locale.ROOT);
  }

  @Override
  public List<String> statusPaths(String taskId) {
    return GatewayFields.statusPaths(taskId);
  }
}
