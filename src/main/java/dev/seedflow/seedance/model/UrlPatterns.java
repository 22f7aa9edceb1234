package dev.seedflow.seedance.model;

/**
 * The address rules the Modeler checks before deployment (the runtime checks them again, with the
 * full rules). Each also accepts a FEEL expression ("=..."), whose value only the runtime knows.
 *
 * <p>Optional fields without a default carry no pattern: the Modeler tests a pattern against a
 * field nobody filled in too (as the text "undefined"), so it would show an error before anyone
 * typed. The runtime checks them instead, before any paid request.
 */
final class UrlPatterns {
  /** A webhook's id, the last segment of its address {@code <runtime>/inbound/<id>}. */
  static final String WEBHOOK_ID = "^[A-Za-z0-9_-]{1,100}$";

  /** https, plain http on this machine (the simulator), or a secret holding the address. */
  static final String BASE_URL =
      "^(=.*|\\{\\{secrets\\.[A-Za-z0-9_]+}}|https://.+|http://(localhost|127\\.0\\.0\\.1)(:[0-9]+)?(/.*)?)$";

  static final String IMAGE =
      "^(=.*|https://.+|data:image/.+|asset://.+|http://(localhost|127\\.0\\.0\\.1)[:/].*)$";
  static final String VIDEO =
      "^(=.*|https://.+|asset://.+|http://(localhost|127\\.0\\.0\\.1)[:/].*)$";

  private UrlPatterns() {}
}
