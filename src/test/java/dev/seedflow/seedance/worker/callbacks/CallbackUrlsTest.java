package dev.seedflow.seedance.worker.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedflow.seedance.client.WebhookSignatures;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.VideoRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator's callback address is checked once, at start, under its setting's name, never at
 * each create.
 */
class CallbackUrlsTest {
  private static final String SECRET = "a-callback-signing-key-of-32-chars-or-more";

  private static CallbackSettings settings(String url) {
    return new CallbackSettings(
        url, SECRET, null, List.of(), 4, WebhookSignatures.FAL_KEYS, Duration.ofSeconds(1));
  }

  @Test
  void aPlainHttpAddressOffThisMachineStopsTheWorkerNamingTheSetting() {
    assertThatThrownBy(() -> CallbackUrls.of(settings("http://seedflow.example.com/callbacks")))
        .isInstanceOfSatisfying(
            SeedanceException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("seedflow.worker.callbacks.url")
                    .contains("https://")
                    .doesNotContain("video.callbackUrl"));
  }

  @Test
  void
      anHttpsAddressSignsEachCreateOfAnApiThatCallsBackAndLeavesOtherApisAndTheDesignersUrlAlone() {
    CallbackUrls urls = CallbackUrls.of(settings("https://seedflow.example.com/callbacks/"));
    VideoRequest video =
        VideoRequest.builder("dreamina-seedance-2-0-fast-260128").prompt("a heron").build();
    ProviderConfig ark = new ProviderConfig(ProviderType.ARK, "https://ark.example", "k");
    assertThat(urls.addTo(7, ark, video).callbackUrl())
        .startsWith("https://seedflow.example.com/callbacks/")
        .hasSizeGreaterThan(45);
    for (ProviderType host : new ProviderType[] {ProviderType.FAL, ProviderType.REPLICATE}) {
      assertThat(urls.addTo(7, new ProviderConfig(host, null, "k"), video).callbackUrl())
          .as(host.wireName() + " signs its webhooks")
          .startsWith("https://seedflow.example.com/callbacks/7.");
    }
    assertThat(
            urls.addTo(
                    7, new ProviderConfig(ProviderType.UNIFIED, "https://gw.example", "k"), video)
                .callbackUrl())
        .as("no callback field")
        .isNull();
    assertThat(urls.addTo(7, ark, video.withCallbackUrl("https://hooks.example/x")).callbackUrl())
        .isEqualTo("https://hooks.example/x");
    assertThat(CallbackUrls.of(settings(null))).isSameAs(CallbackUrls.OFF);
    assertThat(CallbackUrls.of(settings("http://127.0.0.1:8081/callbacks")).base())
        .isEqualTo("http://127.0.0.1:8081/callbacks");
  }
}
