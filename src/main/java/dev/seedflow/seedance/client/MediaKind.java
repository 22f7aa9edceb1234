package dev.seedflow.seedance.client;

/** The media a finished task hands back, each with the content type it must be served as. */
public enum MediaKind {
  VIDEO("video", "video/", ".mp4"),
  LAST_FRAME("last frame", "image/", ".png");

  private final String label;
  private final String typePrefix;
  private final String usualExtension;

  MediaKind(String label, String typePrefix, String usualExtension) {
    this.label = label;
    this.typePrefix = typePrefix;
    this.usualExtension = usualExtension;
  }

  /** How a message names it: "video", "last frame". */
  public String label() {
    return label;
  }

  /**
   * Whether a served content type is one this media may have ({@code video/*} for a video, {@code
   * image/*} for a frame).
   */
  public boolean accepts(String contentType) {
    return contentType != null
        && contentType.toLowerCase(java.util.Locale.ROOT).startsWith(typePrefix);
  }

  /**
   * The file extension for a served content type: {@code video/mp4} gives {@code .mp4}, {@code
   * image/jpeg} {@code .jpg}.
   */
  public String extensionFor(String contentType) {
    String subtype =
        contentType == null
            ? ""
            : contentType
                .substring(contentType.indexOf('/') + 1)
                .split(";")[0]
                .trim()
                .toLowerCase(java.util.Locale.ROOT);
    return switch (subtype) {
      case "mp4", "png", "webp", "gif" -> "." + subtype;
      case "jpeg" -> ".jpg";
      case "quicktime" -> ".mov";
      case "webm" -> ".webm";
      default -> usualExtension;
    };
  }
}
