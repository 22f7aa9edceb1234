package dev.seedflow.seedance.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.json.Json;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The create step's callback to a "video finished" event: the runtime's public URL and the event's
 * webhook id.
 */
class VideoInputCallbackTest {
  private static VideoInput video(String... keyValues) {
    Map<String, Object> fields =
        new HashMap<>(Map.of("model", "dreamina-seedance-2-0-fast-260128", "prompt", "a heron"));
    for (int i = 0; i < keyValues.length; i += 2) fields.put(keyValues[i], keyValues[i + 1]);
    return Json.mapper().convertValue(fields, VideoInput.class);
  }

  @Test
  void anEventsCallbackIsTheRuntimesPublicUrlAndTheWebhookId() {
    assertThat(
            video("callbackEvent", "review-videos", "publicUrl", "https://connectors.example.com/")
                .toRequest()
                .callbackUrl())
        .isEqualTo("https://connectors.example.com/inbound/review-videos");
    assertThat(video("callbackUrl", "https://hooks.example.com/x").toRequest().callbackUrl())
        .isEqualTo("https://hooks.example.com/x");
    assertThat(video().toRequest().callbackUrl()).isNull();
  }

  @Test
  void anEventWithoutAPublicUrlOrWithACallbackUrlTooIsRefusedNamingTheField() {
    assertThatThrownBy(
            () ->
                video(
                        "callbackEvent",
                        "review-videos",
                        "publicUrl",
                        "{{secrets.SEEDFLOW_PUBLIC_URL}}")
                    .toRequest())
        .isInstanceOfSatisfying(
            SeedanceException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("video.publicUrl")
                    .contains("SEEDFLOW_PUBLIC_URL"));
    assertThatThrownBy(
            () ->
                video(
                        "callbackEvent",
                        "review-videos",
                        "publicUrl",
                        "https://rt.example",
                        "callbackUrl",
                        "https://x.example")
                    .toRequest())
        .isInstanceOfSatisfying(
            SeedanceException.class,
            e -> assertThat(e.getMessage()).contains("video.callbackEvent").contains("not both"));
    assertThatThrownBy(
            () -> video("callbackEvent", "../admin", "publicUrl", "https://rt.example").toRequest())
        .isInstanceOfSatisfying(
            SeedanceException.class,
            e -> assertThat(e.getMessage()).contains("video.callbackEvent").contains("'../admin'"));
  }
}
