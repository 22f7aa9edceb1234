package dev.seedflow.seedance.connector.model;

/**
 * The address rules the Modeler checks before deployment (the runtime checks them again, with the full rules).
 * Each also accepts a FEEL expression ("=..."), whose value only the runtime knows.
 */
final class UrlPatterns {
  /** https, or plain http on this machine (the simulator). */
  static final String BASE_URL = "^(=.*|https://.+|http://(localhost|127\\.0\\.0\\.1)(:[0-9]+)?(/.*)?)$";
  static final String IMAGE = "^(=.*|https://.+|data:image/.+|asset://.+|http://(localhost|127\\.0\\.0\\.1)[:/].*)$";
  static final String VIDEO = "^(=.*|https://.+|asset://.+|http://(localhost|127\\.0\\.0\\.1)[:/].*)$";
  static final String HTTPS = "^(=.*|https://.+)$";

  private UrlPatterns() {}
}
