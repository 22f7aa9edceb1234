package dev.seedflow.seedance.request;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The URL rules for media: {@code https:}, {@code asset://}, {@code data:} where the provider takes
 * inline data (images and audio, not video), and plain {@code http:} only for loopback hosts (local
 * tests and the simulator).
 */
public final class MediaUrls {
  enum Kind {
    IMAGE,
    VIDEO,
    AUDIO,
    CALLBACK
  }

  /**
   * An uploaded asset's id: it becomes part of a URL the provider resolves, so nothing that could
   * climb or break a line.
   */
  private static final Pattern ASSET_ID =
      Pattern.compile("(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9_.-]{0,199}");

  /**
   * {@code data:image/png;base64}: a media type with a subtype, optional parameters, then base64.
   */
  private static final Pattern DATA_HEADER =
      Pattern.compile("(?i)data:[a-z]+/[a-z0-9.+-]+(;[a-z0-9-]+=[a-z0-9.+-]+)*;base64");

  /** Ark: each reference image below 30 MB; base64 grows data by 4/3. */
  static final long MAX_INLINE_IMAGE_CHARS = 30L * 1024 * 1024 * 4 / 3;

  private MediaUrls() {}

  /**
   * Why a callback URL is not one a provider may be given (https, or plain http on this machine),
   * or empty.
   */
  public static Optional<String> callbackProblem(String url) {
    return problemWith(url, Kind.CALLBACK);
  }

  /** Why the URL is not acceptable, or empty when it is. */
  static Optional<String> problemWith(String url, Kind kind) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("data:")) {
      return checkInline(url, kind);
    }
    if (lower.startsWith("asset://")) {
      if (kind == Kind.CALLBACK) {
        return Optional.of("must be an https:// URL, got '" + Text.shown(url) + "'");
      }
      return ASSET_ID.matcher(url.substring("asset://".length())).matches()
          ? Optional.empty()
          : Optional.of(
              "must be asset://<id> with an id of letters, digits and _ . -, got '"
                  + Text.shown(url)
                  + "'");
    }
    String scheme = lower.contains(":") ? lower.substring(0, lower.indexOf(':')) : "";
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return Optional.of("must be " + allowedSchemes(kind) + ", got '" + Text.shown(url) + "'");
    }
    // OkHttp's parser, as the request will be sent: it knows international host names and refuses
    // what it cannot send.
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null || parsed.host().isEmpty()) {
      return Optional.of("is not a valid URL: '" + Text.shown(url) + "'");
    }
    if (parsed.isHttps() || isLoopback(parsed.host())) {
      return Optional.empty();
    }
    return Optional.of(
        "must use https:// (plain http:// is allowed only for localhost), got '"
            + Text.shown(url)
            + "'");
  }

  /**
   * A data URL as the providers take it: {@code data:<type>/<format>;base64,<base64>}, the base64
   * well formed.
   */
  private static Optional<String> checkInline(String url, Kind kind) {
    String wanted =
        switch (kind) {
          case IMAGE -> "image";
          case AUDIO -> "audio";
          case VIDEO, CALLBACK -> null;
        };
    if (wanted == null) {
      return Optional.of(
          "must be " + allowedSchemes(kind) + ": providers take no inline data here");
    }
    int comma = url.indexOf(',');
    String header = comma < 0 ? url : url.substring(0, comma);
    if (comma < 0
        || !DATA_HEADER.matcher(header).matches()
        || !header.toLowerCase(Locale.ROOT).startsWith("data:" + wanted + "/")) {
      return Optional.of(
          "must be a data URL of the form data:"
              + wanted
              + "/<format>;base64,<data>, got '"
              + Text.shown(url)
              + "'");
    }
    if (kind == Kind.IMAGE && url.length() > MAX_INLINE_IMAGE_CHARS) {
      return Optional.of("is larger than the 30 MB an image may have");
    }
    return isBase64(url, comma + 1)
        ? Optional.empty()
        : Optional.of("holds data that is not valid base64");
  }

  /**
   * Standard base64 with its padding; a loop, not a regex, since the data may be 40 million
   * characters.
   */
  private static boolean isBase64(String text, int from) {
    int length = text.length() - from;
    if (length == 0 || length % 4 != 0) return false;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean letter =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/';
      boolean padding =
          c == '='
              && i >= text.length() - 2
              && (i == text.length() - 1 || text.charAt(i + 1) == '=');
      if (!letter && !padding) return false;
    }
    return true;
  }

  private static String allowedSchemes(Kind kind) {
    return switch (kind) {
      case IMAGE -> "an https:// URL, a data:image/...;base64 URL or asset://<id>";
      case AUDIO -> "an https:// URL, a data:audio/...;base64 URL or asset://<id>";
      case VIDEO -> "an https:// URL or asset://<id>";
      case CALLBACK -> "an https:// URL";
    };
  }

  static boolean isLoopback(String host) {
    if (host == null) return false;
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.startsWith("127.")
        || h.equals("[::1]")
        || h.equals("::1");
  }
}
