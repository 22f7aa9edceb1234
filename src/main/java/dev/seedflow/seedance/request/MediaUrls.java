package dev.seedflow.seedance.request;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The URL rules for media: {@code https:}, {@code asset://}, {@code data:} where the provider takes inline data
 * (images and audio, not video), and plain {@code http:} only for loopback hosts (local tests and the simulator).
 */
final class MediaUrls {
  enum Kind { IMAGE, VIDEO, AUDIO, CALLBACK }

  /** Ark: each reference image below 30 MB; base64 grows data by 4/3. */
  static final long MAX_INLINE_IMAGE_CHARS = 30L * 1024 * 1024 * 4 / 3;

  private MediaUrls() {}

  /** Why the URL is not acceptable, or empty when it is. */
  static Optional<String> problemWith(String url, Kind kind) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("data:")) {
      return checkInline(lower, kind, url.length());
    }
    if (lower.startsWith("asset://")) {
      return kind == Kind.CALLBACK || url.length() <= "asset://".length()
          ? Optional.of("must be an https:// URL" + (kind == Kind.CALLBACK ? "" : " or asset://<id>") + ", got '" + abbreviate(url) + "'")
          : Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("is not a valid URL: '" + abbreviate(url) + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null && (scheme.equals("https") || scheme.equals("http"))) {
      return Optional.of("has no host: '" + abbreviate(url) + "'");
    }
    if (scheme.equals("https")) {
      return Optional.empty();
    }
    if (scheme.equals("http")) {
      return isLoopback(uri.getHost())
          ? Optional.empty()
          : Optional.of("must use https:// (plain http:// is allowed only for localhost), got '" + abbreviate(url) + "'");
    }
    return Optional.of("must be " + allowedSchemes(kind) + ", got '" + abbreviate(url) + "'");
  }

  private static Optional<String> checkInline(String lower, Kind kind, int length) {
    String wanted = switch (kind) {
      case IMAGE -> "data:image/";
      case AUDIO -> "data:audio/";
      case VIDEO, CALLBACK -> null;
    };
    if (wanted == null) {
      return Optional.of("must be " + allowedSchemes(kind) + ": providers take no inline data here");
    }
    if (!lower.startsWith(wanted) || !lower.contains(";base64,")) {
      return Optional.of("must be a data URL of the form " + wanted + "<format>;base64,<data>");
    }
    if (kind == Kind.IMAGE && length > MAX_INLINE_IMAGE_CHARS) {
      return Optional.of("is larger than the 30 MB an image may have");
    }
    return Optional.empty();
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
    return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }

  private static String abbreviate(String url) {
    return url.length() <= 80 ? url : url.substring(0, 77) + "...";
  }
}
