package dev.seedflow.seedance.connector;

import dev.seedflow.seedance.client.DownloadLimits;
import dev.seedflow.seedance.settings.SettingsBinding;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the connector's read operation keeps a video: the {@code seedflow.connector.*} settings, from system properties
 * or environment variables ({@code SEEDFLOW_CONNECTOR_STORE_MAX_SIZE=200MB}), read by Spring Boot's binder as the
 * worker's are. The connectors runtime builds the connector from META-INF/services, not as a Spring bean, so the
 * connector reads them itself.
 *
 * @param storeMaxSize the largest video (or last frame) kept as a document; a larger one fails the read with
 *     {@code SEEDANCE_STORE_FAILED}, keeping its URL
 * @param storeTimeLimit the longest keeping one video and its last frame may take, every attempt included: under the
 *     connectors runtime's job timeout (5 minutes by default), so a slow download is not handed to a second runtime
 */
public record ConnectorSettings(@DefaultValue("500MB") DataSize storeMaxSize,
    @DefaultValue("PT4M") Duration storeTimeLimit) {

  private static final String PREFIX = "seedflow.connector";

  public static ConnectorSettings defaults() {
    return SettingsBinding.bind(PREFIX, ConnectorSettings.class);
  }

  /** System properties first ({@code -Dseedflow.connector.store-max-size=200MB}), then the environment. */
  public static ConnectorSettings fromSystem() {
    return SettingsBinding.bind(PREFIX, ConnectorSettings.class, SettingsBinding.systemProperties(), SettingsBinding.environment(System.getenv()));
  }

  /** The settings from environment variables such as {@code SEEDFLOW_CONNECTOR_STORE_TIME_LIMIT}, as Spring Boot reads them. */
  public static ConnectorSettings fromEnvironment(Map<String, String> environment) {
    return SettingsBinding.bind(PREFIX, ConnectorSettings.class, SettingsBinding.environment(environment));
  }

  /** The defaults with these settings, named as after {@code seedflow.connector.} ({@code "store-max-size" -> "200MB"}). */
  public static ConnectorSettings of(Map<String, String> settings) {
    return SettingsBinding.bind(PREFIX, ConnectorSettings.class, SettingsBinding.named(PREFIX, settings));
  }

  DownloadLimits downloadLimits() {
    return new DownloadLimits(storeMaxSize.toBytes(), storeTimeLimit);
  }
}
