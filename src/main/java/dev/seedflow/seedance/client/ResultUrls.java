package dev.seedflow.seedance.client;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.Text;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The rules for the URLs a provider hands back (the video, the last frame). They land in process
 * variables, a person may click them, and the video is downloaded from them; so one that points
 * inside the network where the worker runs ({@code file:}, a cloud metadata address, a private or
 * link-local address) is refused and never followed. Plain {@code http:} and loopback hosts are
 * allowed only in a local run, a setting the local runner turns on for its simulator ({@link
 * ClientSettings#localRun()}): never inferred from where the provider is, since a production worker
 * may well reach its provider through a proxy on localhost.
 */
final class ResultUrls {
  private ResultUrls() {}

  /**
   * SEEDANCE_BAD_RESPONSE naming the field and why, when a URL of the task is refused. It is a
   * verdict on the task, not a passing fault: the provider gives the same URL on every read.
   */
  static Optional<SeedanceException> refusal(TaskSnapshot task, boolean localRun) {
    return refusal("video URL", task.videoUrl(), localRun, task)
        .or(() -> refusal("last frame URL", task.lastFrameUrl(), localRun, task));
  }

  private static Optional<SeedanceException> refusal(
      String what, String url, boolean localRun, TaskSnapshot task) {
    return url == null
        ? Optional.empty()
        : problemWith(url, localRun)
            .map(
                problem ->
                    SeedanceException.of(
                            ErrorCode.BAD_RESPONSE,
                            "the provider's "
                                + what
                                + " '"
                                + Text.shown(url)
                                + "' is refused and was not followed: "
                                + problem)
                        .taskId(task.taskId())
                        .advice(advice(url))
                        .build());
  }

  /**
   * The task is a Seedance task; only where its result lies is refused. A mock provider on this
   * machine is the usual cause of a loopback URL, and the local runner takes one when told so.
   */
  private static String advice(String url) {
    HttpUrl parsed = HttpUrl.parse(url);
    boolean loopback = parsed != null && isLoopback(parsed);
    return "A result URL must be https:// on a public host, so the worker never fetches from inside"
        + " its own network; ask the provider why it answered with this one."
        + (loopback
            ? " For a mock provider on this machine in ./seedance run or demo, set"
                + " SEEDFLOW_LOCAL_PROVIDER=true."
            : "");
  }

  /** Why the URL is refused, or empty when it may be stored and fetched. */
  static Optional<String> problemWith(String url, boolean localRun) {
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      return Optional.of("it must be an https:// URL");
    }
    if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
      return Optional.of("it carries a user name or password");
    }
    String host = parsed.host().toLowerCase(Locale.ROOT);
    boolean loopback = isLoopback(parsed);
    if (!parsed.isHttps() && !(localRun && loopback)) {
      return Optional.of("it must use https://");
    }
    if (loopback) {
      return localRun ? Optional.empty() : Optional.of("it points to this machine");
    }
    if (isIpLiteral(host)) {
      return isPublicAddress(host)
          ? Optional.empty()
          : Optional.of("it points to a private, link-local or reserved address");
    }
    if (!host.contains(".") || host.endsWith(".internal") || host.endsWith(".local")) {
      return Optional.of("it names a host of the local network, not a public one");
    }
    String lastLabel = host.substring(host.lastIndexOf('.') + 1);
    if (lastLabel.chars().allMatch(Character::isDigit) || lastLabel.startsWith("0x")) {
      // 2852039166 or 0xA9.0xFE.0xA9.0xFE: resolvers read these as addresses (here
      // 169.254.169.254).
      return Optional.of("it names a numeric host that is not a plain address");
    }
    return Optional.empty();
  }

  /** Whether the URL points to this machine, by name (localhost) or by address. */
  private static boolean isLoopback(HttpUrl url) {
    String host = url.host().toLowerCase(Locale.ROOT);
    return isLoopbackName(host) || isLoopbackLiteral(host);
  }

  private static boolean isLoopbackName(String host) {
    return host.equals("localhost") || host.endsWith(".localhost");
  }

  private static boolean isLoopbackLiteral(String host) {
    return isIpLiteral(host) && address(host).isLoopbackAddress();
  }

  /**
   * OkHttp has already turned a valid IP literal into its canonical form: dotted IPv4, or IPv6
   * without brackets.
   */
  private static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static boolean isPublicAddress(String literal) {
    return isPublicAddress(address(literal));
  }

  /**
   * Whether an address is on the public internet: not loopback, private, link-local, carrier-grade
   * NAT or reserved.
   */
  static boolean isPublicAddress(InetAddress address) {
    if (address.isAnyLocalAddress()
        || address.isLoopbackAddress()
        || address.isLinkLocalAddress()
        || address.isSiteLocalAddress()
        || address.isMulticastAddress()) {
      return false;
    }
    byte[] b = address.getAddress();
    if (b.length == 4) {
      int first = b[0] & 0xff, second = b[1] & 0xff;
      return first != 0
          && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT
          && !(first == 192 && second == 0 && (b[2] & 0xff) == 0)
          && !(first == 198 && (second == 18 || second == 19))
          && first < 224;
    }
    if ((b[0] & 0xfe) == 0xfc) return false; // unique local fc00::/7
    // IPv6 that carries an IPv4 address reaches it on networks that route it: judged by the IPv4
    // address it carries.
    if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
      return false; // Teredo 2001::/32, its address obfuscated
    if (b[0] == 0
        && b[1] == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && b[4] == 0
        && b[5] == 1) return false; // local NAT64 64:ff9b:1::/48
    byte[] carried = null;
    if (b[0] == 0x20 && b[1] == 0x02)
      carried = java.util.Arrays.copyOfRange(b, 2, 6); // 6to4 2002::/16
    if (zero(b, 0, 12))
      carried = java.util.Arrays.copyOfRange(b, 12, 16); // IPv4-compatible ::a.b.c.d
    if (b[0] == 0
        && b[1] == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && zero(b, 4, 12)) {
      carried = java.util.Arrays.copyOfRange(b, 12, 16); // NAT64 64:ff9b::/96
    }
    return carried == null || isPublicAddress(ipv4(carried));
  }

  private static boolean zero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) if (bytes[i] != 0) return false;
    return true;
  }

  private static InetAddress ipv4(byte[] address) {
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** Only ever called with a literal, so no name is looked up. */
  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("not an IP literal: " + literal, e);
    }
  }
}
