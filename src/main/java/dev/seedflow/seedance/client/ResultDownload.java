package dev.seedflow.seedance.client;

import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.Text;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Streams a finished task's video or last frame from the URL the provider gave. The URL is the
 * provider's answer, so it is treated as hostile: https only (loopback too in a local run, see
 * {@link ClientSettings#localRun()}), every redirect hop checked by the same rules and never to
 * another scheme, names that resolve to private or link-local addresses refused, the body bounded
 * by a size and the whole download by a time limit, and the content type checked. Nothing is sent
 * but a plain GET: no key.
 */
public final class ResultDownload {
  private static final int MOST_REDIRECTS = 5;

  private final DownloadLimits limits;
  private final boolean localRun;
  private final ProviderCalls calls;
  private final Dns resolver;

  /**
   * Made by {@link SeedanceClient#download}, which knows whether this is a local run, and whom to
   * tell of each request.
   */
  ResultDownload(DownloadLimits limits, boolean localRun, ProviderCalls calls) {
    this(limits, localRun, calls, Dns.SYSTEM);
  }

  /**
   * With another resolver than the system's: the tests' way to have a public-looking name resolve
   * to a private address.
   */
  ResultDownload(DownloadLimits limits, boolean localRun, ProviderCalls calls, Dns resolver) {
    this.limits = limits;
    this.localRun = localRun;
    this.calls = calls;
    this.resolver = resolver;
  }

  public DownloadLimits limits() {
    return limits;
  }

  /**
   * Opens the media at {@code url}; the caller streams {@link ResultMedia#body()} and closes it.
   *
   * @param dialect the provider's API, for the request meters
   * @param timeLeft what is left of the keep's time limit, for this attempt
   * @throws DownloadFailure saying what went wrong and whether another attempt may help
   */
  public ResultMedia open(String url, MediaKind kind, ProviderType dialect, Duration timeLeft)
      throws DownloadFailure {
    OkHttpClient http =
        ProviderHttp.SHARED
            .newBuilder()
            .addInterceptor(ProviderHttp.told(calls))
            .callTimeout(timeLeft)
            .readTimeout(Duration.ofSeconds(30))
            .dns(localRun ? resolver : publicOnly(resolver))
            .build();
    String at = url;
    for (int hop = 0; ; hop++) {
      Optional<String> problem = ResultUrls.problemWith(at, localRun);
      if (problem.isPresent()) {
        throw new DownloadFailure(
            "the "
                + kind.label()
                + " URL '"
                + Text.shown(at)
                + "' is refused and was not followed: "
                + problem.get(),
            false);
      }
      Response response;
      try {
        response =
            http.newCall(
                    new Request.Builder()
                        .url(at)
                        .header("Accept-Encoding", "identity")
                        .tag(
                            ProviderCalls.Tag.class,
                            new ProviderCalls.Tag(dialect, ProviderCalls.Kind.DOWNLOAD))
                        .build())
                .execute();
      } catch (NotPublic e) {
        throw new DownloadFailure(
            "the "
                + kind.label()
                + " URL '"
                + Text.shown(at)
                + "' is refused and was not followed: "
                + e.getMessage(),
            false);
      } catch (IOException e) {
        throw new DownloadFailure("the " + kind.label() + " could not be downloaded: " + e, true);
      }
      if (response.isRedirect()) {
        String next = response.header("Location");
        HttpUrl resolved = next == null ? null : response.request().url().resolve(next);
        response.close();
        if (resolved == null || hop == MOST_REDIRECTS) {
          throw new DownloadFailure(
              "the "
                  + kind.label()
                  + " URL redirects "
                  + (resolved == null
                      ? "nowhere readable"
                      : "more than " + MOST_REDIRECTS + " times"),
              false);
        }
        if (!resolved.scheme().equals(HttpUrl.get(at).scheme())) {
          throw new DownloadFailure(
              "the "
                  + kind.label()
                  + " URL redirects to another scheme ('"
                  + Text.shown(resolved.toString())
                  + "'); it was not followed",
              false);
        }
        at = resolved.toString();
        continue;
      }
      return checked(response, kind);
    }
  }

  private ResultMedia checked(Response response, MediaKind kind) throws DownloadFailure {
    int code = response.code();
    if (!response.isSuccessful()) {
      response.close();
      boolean gone = code == 401 || code == 403 || code == 404 || code == 410;
      throw new DownloadFailure(
          "the "
              + kind.label()
              + " URL answered "
              + code
              + (gone ? ": it has expired (result URLs live about 24 hours) or was revoked" : ""),
          !gone && (code == 429 || code >= 500));
    }
    String encoding = response.header("Content-Encoding");
    if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
      // Asked for identity: gzip bytes kept under video/mp4 would be a document no player opens.
      response.close();
      throw new DownloadFailure(
          "the "
              + kind.label()
              + " URL serves it compressed ('"
              + Text.shown(encoding)
              + "') although it was asked "
              + "not to; it is not kept as such",
          false);
    }
    String type = response.header("Content-Type");
    if (!kind.accepts(type)) {
      response.close();
      throw new DownloadFailure(
          "the "
              + kind.label()
              + " URL serves '"
              + Text.shown(String.valueOf(type))
              + "', not a "
              + kind.label(),
          false);
    }
    long declared = response.body().contentLength();
    if (declared > limits.maxBytes()) {
      response.close();
      throw DownloadFailure.tooLarge(tooLarge(kind, "is " + DownloadLimits.megabytes(declared)));
    }
    return new ResultMedia(
        new Bounded(response.body().byteStream(), kind), type, declared, response);
  }

  private String tooLarge(MediaKind kind, String what) {
    return "the "
        + kind.label()
        + " "
        + what
        + ", over the "
        + DownloadLimits.megabytes(limits.maxBytes())
        + " limit for a kept file"
        + (limits.whyThisSize() == null ? "" : " (" + limits.whyThisSize() + ")");
  }

  /** Counts what is read and stops one byte past the limit, whatever the announced length said. */
  private final class Bounded extends FilterInputStream {
    private final MediaKind kind;
    private long read;

    Bounded(InputStream in, MediaKind kind) {
      super(in);
      this.kind = kind;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) count(1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n;
      try {
        n = super.read(buffer, offset, length);
      } catch (DownloadFailure e) {
        throw e;
      } catch (IOException e) {
        throw new DownloadFailure(
            "the " + kind.label() + " download broke off after " + read + " bytes: " + e, true);
      }
      if (n > 0) count(n);
      return n;
    }

    private void count(int n) throws DownloadFailure {
      read += n;
      if (read > limits.maxBytes()) {
        throw DownloadFailure.tooLarge(tooLarge(kind, "is larger than announced"));
      }
    }
  }

  /**
   * Resolves as usual, but keeps only public addresses, and refuses a name that has none: a URL's
   * name is checked where it is resolved, so a name that points at the cloud's metadata address or
   * a private service is never connected to.
   */
  private static Dns publicOnly(Dns resolver) {
    return hostname -> {
      List<InetAddress> addresses =
          resolver.lookup(hostname).stream().filter(ResultUrls::isPublicAddress).toList();
      if (addresses.isEmpty()) {
        throw new NotPublic(hostname);
      }
      return addresses;
    };
  }

  private static final class NotPublic extends UnknownHostException {
    NotPublic(String hostname) {
      super(
          "the host "
              + Text.shown(hostname)
              + " resolves only to private, loopback or link-local addresses");
    }
  }
}
