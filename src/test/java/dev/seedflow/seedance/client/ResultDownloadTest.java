package dev.seedflow.seedance.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.seedflow.seedance.request.ProviderType;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Each way a result URL is refused, against a real HTTP server on loopback (a local run, so
 * loopback is allowed and everything else is judged as on a real provider): the verdicts say why
 * and are not worth another try; a dropped download is.
 */
class ResultDownloadTest {
  private static final DownloadLimits SMALL = new DownloadLimits(1024, Duration.ofSeconds(10));

  @StartStop private final MockWebServer server = new MockWebServer();
  private final ResultDownload download = new ResultDownload(SMALL, true, ProviderCalls.NONE);
  private final ResultDownload inProduction = new ResultDownload(SMALL, false, ProviderCalls.NONE);

  private DownloadFailure refusal(MediaKind kind) {
    return catchThrowableOfType(
        DownloadFailure.class,
        () -> {
          try (ResultMedia media =
                  download.open(
                      server.url("/video.mp4").toString(),
                      kind,
                      ProviderType.ARK,
                      Duration.ofSeconds(10));
              InputStream body = media.body()) {
            body.readAllBytes();
          }
        });
  }

  @Test
  void aVideoIsStreamedWithItsType() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "video/mp4")
            .body("not really an mp4")
            .build());
    try (ResultMedia media =
        download.open(
            server.url("/video.mp4").toString(),
            MediaKind.VIDEO,
            ProviderType.ARK,
            Duration.ofSeconds(10))) {
      assertThat(media.contentType()).isEqualTo("video/mp4");
      assertThat(new String(media.body().readAllBytes())).isEqualTo("not really an mp4");
    }
  }

  @Test
  void theWrongContentTypeIsRefused() {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "text/html")
            .body("<html>login</html>")
            .build());
    DownloadFailure e = refusal(MediaKind.VIDEO);
    assertThat(e.getMessage()).contains("serves 'text/html', not a video");
    assertThat(e.worthRetrying()).isFalse();
  }

  @Test
  void aCompressedVideoIsRefusedNotKeptAsItsGzipBytes() {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "video/mp4")
            .addHeader("Content-Encoding", "gzip")
            .body("\u001f\u008b gzip bytes")
            .build());
    DownloadFailure e = refusal(MediaKind.VIDEO);
    assertThat(e.getMessage()).contains("compressed ('gzip')");
    assertThat(e.worthRetrying()).isFalse();
  }

  @Test
  void anExpiredLinkSaysSo() {
    server.enqueue(
        new MockResponse.Builder()
            .code(403)
            .body("<Error><Code>AccessDenied</Code></Error>")
            .build());
    DownloadFailure e = refusal(MediaKind.VIDEO);
    assertThat(e.getMessage()).contains("answered 403").contains("expired");
    assertThat(e.worthRetrying()).isFalse();
  }

  @Test
  void aBodyLongerThanTheLimitStopsWhateverWasAnnounced() {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "video/mp4")
            .chunkedBody(new Buffer().write(new byte[4096]), 512)
            .build());
    DownloadFailure e = refusal(MediaKind.VIDEO);
    assertThat(e.getMessage())
        .contains("larger than announced")
        .contains("over the 1024 bytes limit");
    assertThat(e.worthRetrying()).isFalse();

    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "video/mp4")
            .body(new Buffer().write(new byte[4096]))
            .build());
    assertThat(refusal(MediaKind.VIDEO).getMessage())
        .as("an announced length over the limit is refused before reading")
        .contains("is 4096 bytes");
  }

  @Test
  void aRedirectToAnotherSchemeOrAPrivateAddressIsNotFollowed() {
    server.enqueue(
        new MockResponse.Builder()
            .code(302)
            .addHeader("Location", "https://cdn.example.com/video.mp4")
            .build());
    assertThat(refusal(MediaKind.VIDEO).getMessage()).contains("redirects to another scheme");

    server.enqueue(
        new MockResponse.Builder()
            .code(302)
            .addHeader("Location", "http://10.0.0.7/video.mp4")
            .build());
    assertThat(refusal(MediaKind.VIDEO).getMessage())
        .contains("10.0.0.7")
        .contains("refused and was not followed");
    assertThat(server.getRequestCount())
        .as("nothing was fetched from where the redirects pointed")
        .isEqualTo(2);
  }

  @Test
  void outsideALocalRunNoLoopbackOrPlainHttpMediaIsFetched() {
    // The server is on loopback, as a provider behind a sidecar proxy on localhost would be: that
    // alone lifts no rule.
    DownloadFailure e =
        catchThrowableOfType(
            DownloadFailure.class,
            () ->
                inProduction.open(
                    server.url("/video.mp4").toString(),
                    MediaKind.VIDEO,
                    ProviderType.ARK,
                    Duration.ofSeconds(10)));
    assertThat(e.getMessage()).contains("must use https://");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aNameThatResolvesOnlyToPrivateAddressesIsNeverConnectedTo() throws Exception {
    // A resolver stands in for DNS (there is none here): the provider's CDN name points at the
    // metadata address and a
    // private service, as a rebinding attacker's name would.
    List<String> looked = new ArrayList<>();
    ResultDownload rebound =
        new ResultDownload(
            SMALL,
            false,
            ProviderCalls.NONE,
            hostname -> {
              looked.add(hostname);
              return List.of(
                  InetAddress.getByName("169.254.169.254"),
                  InetAddress.getByName("10.0.0.7"),
                  InetAddress.getByName("127.0.0.1"));
            });
    DownloadFailure e =
        catchThrowableOfType(
            DownloadFailure.class,
            () ->
                rebound.open(
                    "https://media.example.com:" + server.getPort() + "/video.mp4",
                    MediaKind.VIDEO,
                    ProviderType.ARK,
                    Duration.ofSeconds(10)));
    assertThat(e.getMessage())
        .contains("media.example.com")
        .contains("resolves only to private, loopback or link-local addresses")
        .contains("refused and was not followed");
    assertThat(e.worthRetrying()).isFalse();
    assertThat(looked).containsExactly("media.example.com");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aServerErrorIsWorthAnotherTry() {
    server.enqueue(new MockResponse.Builder().code(503).build());
    DownloadFailure e = refusal(MediaKind.LAST_FRAME);
    assertThat(e.getMessage()).contains("last frame URL answered 503");
    assertThat(e.worthRetrying()).isTrue();
  }
}
