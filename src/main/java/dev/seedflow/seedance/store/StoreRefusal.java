package dev.seedflow.seedance.store;

import dev.seedflow.seedance.request.Text;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a document store's refusal of an upload for its size: HTTP 413 from the cluster's documents
 * API, as SaaS answers a file over its 10 MB. The Camunda client reports it as {@code
 * ClientHttpException} "Failed with code 413: ...", possibly wrapped by the document store; it is
 * read from that message, the one thing that reaches every runtime's store unchanged, so this
 * package needs no type of the engine's client.
 */
final class StoreRefusal {
  private static final Pattern TOO_LARGE = Pattern.compile("Failed with code 413\\b");
  private static final Pattern DETAIL = Pattern.compile("\\bdetail: ([^\\n]+)");

  private StoreRefusal() {}

  static boolean saysTooLarge(Throwable failure) {
    return refusal(failure) != null;
  }

  /**
   * The refusal's own words, cut short and escaped: the problem's {@code detail} where the client
   * printed the problem whole (as {@code class ProblemDetail { ... detail: ... }}), else the
   * message's first line.
   */
  static String words(Throwable failure) {
    Throwable refusal = refusal(failure);
    if (refusal == null) return "";
    Matcher detail = DETAIL.matcher(refusal.getMessage());
    return Text.shown(
        detail.find()
            ? detail.group(1).strip()
            : refusal.getMessage().lines().findFirst().orElse(""),
        Text.PROVIDER_TEXT_CHARS);
  }

  private static Throwable refusal(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && TOO_LARGE.matcher(cause.getMessage()).find()) return cause;
      if (cause.getCause() == cause) break;
    }
    return null;
  }
}
