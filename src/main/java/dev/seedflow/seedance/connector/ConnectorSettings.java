package dev.seedflow.seedance.connector;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.DownloadLimits;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.WebhookSignatures;
import dev.seedflow.seedance.settings.SettingsBinding;
import dev.seedflow.seedance.store.VideoKeeper;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the connector reads, keeps and creates: the {@code seedflow.connector.*} settings, bound once
 * by Spring Boot in the connectors runtime (application.yaml, system properties or environment
 * variables such as {@code SEEDFLOW_CONNECTOR_STORE_MAX_SIZE=200MB}), where {@link
 * SeedanceConnectorAutoConfiguration} builds the connector with them.
 *
 * @param storeMaxSize the largest video (or last frame) kept as a document; a larger one fails the
 *     read with {@code SEEDANCE_STORE_FAILED}, keeping its URL
 * @param storeTimeLimit the longest keeping one video and its last frame may take, every attempt
 *     included: under the connectors runtime's job timeout (5 minutes by default), so a slow
 *     download is not handed to a second runtime
 * @param createCallTimeout the deadline of one create call; unset, the client's (2 minutes). Past
 *     it the outcome is unknown, and the create is never sent again
 * @param localRun true only where the provider is a simulator on this machine (the local runner
 *     sets it): result URLs on loopback are then accepted. Never inferred from the provider's
 *     address
 * @param falKeys where fal publishes the keys its webhooks are signed with (a JWKS), for the "video
 *     finished" event
 */
@ConfigurationProperties(ConnectorSettings.PREFIX)
public record ConnectorSettings(
    @DefaultValue("500MB") DataSize storeMaxSize,
    @DefaultValue("PT4M") Duration storeTimeLimit,
    Duration createCallTimeout,
    @DefaultValue("false") boolean localRun,
    @DefaultValue(WebhookSignatures.FAL_KEYS) String falKeys) {

  static final String PREFIX = "seedflow.connector";

  public static ConnectorSettings defaults() {
    return SettingsBinding.bind(PREFIX, ConnectorSettings.class);
  }

  /**
   * The settings from environment variables such as {@code SEEDFLOW_CONNECTOR_STORE_TIME_LIMIT}, as
   * Spring Boot reads them.
   */
  public static ConnectorSettings fromEnvironment(Map<String, String> environment) {
    return SettingsBinding.bind(
        PREFIX, ConnectorSettings.class, SettingsBinding.environment(environment));
  }

  /**
   * The defaults with these settings, named as after {@code seedflow.connector.} ({@code
   * "store-max-size" -> "200MB"}).
   */
  public static ConnectorSettings of(Map<String, String> settings) {
    return SettingsBinding.bind(
        PREFIX, ConnectorSettings.class, SettingsBinding.named(PREFIX, settings));
  }

  DownloadLimits downloadLimits() {
    return new DownloadLimits(storeMaxSize.toBytes(), storeTimeLimit);
  }

  /**
   * How the connector and the "video finished" event keep videos: with these limits, through this
   * client.
   */
  public VideoKeeper keeper(SeedanceClient client) {
    return new VideoKeeper(client, downloadLimits(), PREFIX + ".store-max-size");
  }

  /**
   * How the connector's client calls the provider: the client's defaults, with the create deadline
   * and local run as set.
   */
  ClientSettings clientSettings() {
    return ClientSettings.defaultsWith(createCallTimeout, localRun);
  }
}
