package dev.seedflow.seedance.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The simulator's object storage: result URLs signed like TOS pre-signed URLs, valid 24 hours after
 * the video is made, served on the simulator's own loopback address with real media: a 2-second
 * 320x180 H.264 clip with sound and a PNG of its last frame, made once with ffmpeg ({@code
 * testsrc2} and a 440 Hz tone) and shipped as resources. An expired or tampered link answers 403,
 * as object storage does.
 */
final class SimulatedMedia {
  static final String PATH = "/media/";
  static final long LIFETIME_SECONDS = 86_400;
  private static final byte[] SIGNING_KEY = "seedance-simulator".getBytes(StandardCharsets.UTF_8);
  static final byte[] CLIP = resource("clip.mp4");
  static final byte[] LAST_FRAME = resource("last-frame.png");

  /** The end of a QuickTime video's file name, served as {@code video/quicktime}. */
  static final String MOV = ".mov";

  private static final Pattern PADDED = Pattern.compile("-(\\d{1,12})b\\.mp4$");

  private volatile Instant signedBeforeIsExpired = Instant.MIN;
  private volatile String redirectTo;

  /** A signed URL for a file of a task, made at {@code madeAt}. */
  static String url(String mediaBase, String file, Instant madeAt) {
    String url = mediaBase + file;
    String query =
        "X-Tos-Algorithm=TOS4-HMAC-SHA256&X-Tos-Date="
            + madeAt.getEpochSecond()
            + "&X-Tos-Expires="
            + LIFETIME_SECONDS;
    return url + "?" + query + "&X-Tos-Signature=" + signature(url + "?" + query);
  }

  /**
   * The end of a video's file name, which carries its size when it is not the clip's (the URL is
   * signed, so it holds).
   */
  static String videoSuffix(long videoBytes) {
    return videoBytes > 0 ? "-" + videoBytes + "b.mp4" : ".mp4";
  }

  /** Every link signed until now answers 403 from here on, as if a day had passed. */
  void expireAll(Instant now) {
    signedBeforeIsExpired = now;
  }

  /** Media requests answer a redirect to this URL (for tests of a hostile storage). */
  void redirectTo(String url) {
    redirectTo = url;
  }

  void serve(HttpExchange exchange, String baseUrl, Instant now) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    int at = query == null ? -1 : query.lastIndexOf("&X-Tos-Signature=");
    if (at < 0
        || !MessageDigest.isEqual(
            signature(baseUrl + path + "?" + query.substring(0, at))
                .getBytes(StandardCharsets.UTF_8),
            query.substring(at + "&X-Tos-Signature=".length()).getBytes(StandardCharsets.UTF_8))) {
      deny(
          exchange,
          "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided.");
      return;
    }
    Instant signedAt =
        Instant.ofEpochSecond(Long.parseLong(query.replaceAll(".*X-Tos-Date=(\\d+).*", "$1")));
    if (!signedAt.isAfter(signedBeforeIsExpired)
        || now.isAfter(signedAt.plusSeconds(LIFETIME_SECONDS))) {
      deny(exchange, "AccessDenied", "Request has expired.");
      return;
    }
    String redirect = redirectTo;
    if (redirect != null) {
      exchange.getResponseHeaders().set("Location", redirect);
      exchange.sendResponseHeaders(302, -1);
      return;
    }
    boolean mov = path.endsWith(MOV);
    boolean video = mov || path.endsWith(".mp4");
    Matcher padded = PADDED.matcher(path);
    if (video && padded.find()) {
      servePadded(exchange, Long.parseLong(padded.group(1)));
      return;
    }
    byte[] bytes = video ? CLIP : LAST_FRAME;
    exchange
        .getResponseHeaders()
        .set("Content-Type", mov ? "video/quicktime" : video ? "video/mp4" : "image/png");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /**
   * The clip, then zeros up to {@code size}: written as it goes, so a large video costs the
   * simulator no memory.
   */
  private static void servePadded(HttpExchange exchange, long size) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "video/mp4");
    exchange.sendResponseHeaders(200, size);
    OutputStream out = exchange.getResponseBody();
    long left = size;
    out.write(CLIP, 0, (int) Math.min(CLIP.length, left));
    left -= Math.min(CLIP.length, left);
    byte[] zeros = new byte[64 * 1024];
    while (left > 0) {
      int n = (int) Math.min(zeros.length, left);
      out.write(zeros, 0, n);
      left -= n;
    }
  }

  private static void deny(HttpExchange exchange, String code, String message) throws IOException {
    byte[] bytes =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/xml");
    exchange.sendResponseHeaders(403, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String signature(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SIGNING_KEY, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = SimulatedMedia.class.getResourceAsStream("/simulator/" + name)) {
      if (in == null)
        throw new IllegalStateException(
            "the simulator's resource /simulator/" + name + " is missing");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
