package dev.seedflow.seedance.connector;

import dev.seedflow.seedance.client.ProviderCalls;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.WebhookSignatures;
import dev.seedflow.seedance.connector.finished.CallbackBodyLimit;
import dev.seedflow.seedance.connector.finished.EventWebhooks;
import dev.seedflow.seedance.connector.finished.SerializedActivityLog;
import dev.seedflow.seedance.connector.finished.VideoFinishedConnector;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.metrics.ProviderRequestMeter;
import dev.seedflow.seedance.signing.EventTokens;
import dev.seedflow.seedance.worker.inputs.RuntimeSecrets;
import io.camunda.connector.runtime.core.secret.SecretProviderAggregator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.env.Environment;

/**
 * Gives the Spring connectors runtime the connector as a bean, the way it takes connectors of its
 * own (OutboundConnectorProvider beans), rather than through META-INF/services: a connector the
 * runtime builds itself cannot see the runtime's configuration, and would silently ignore {@code
 * seedflow.connector.*} in its application.yaml. The prices are read here once, for the connector
 * and the worker alike.
 */
@AutoConfiguration
@EnableConfigurationProperties(ConnectorSettings.class)
@ConditionalOnClass(
    name = "io.camunda.connector.runtime.core.outbound.DefaultOutboundConnectorFactory")
public class SeedanceConnectorAutoConfiguration {

  /** {@code seedflow.prices}, from wherever the runtime reads its configuration. */
  @Bean
  public PriceTable seedflowPrices(Environment environment) {
    return PriceTable.withListPrices(environment.getProperty(PriceTable.PROPERTY));
  }

  /**
   * What signs and checks the addresses of "video finished" events: the runtime's secret {@value
   * EventTokens#SECRET}.
   */
  @Bean
  public EventTokens seedflowEventTokens(
      ObjectProvider<SecretProviderAggregator> runtimeSecrets, Environment environment) {
    return new EventTokens(
        RuntimeSecrets.byName(RuntimeSecrets.of(runtimeSecrets.getIfAvailable(), environment)));
  }

  /**
   * Its requests to the provider counted on the runtime's meter registry, where the runtime has one
   * (its actuator).
   */
  @Bean
  public SeedanceConnector seedanceConnector(
      ConnectorSettings settings,
      PriceTable seedflowPrices,
      ObjectProvider<MeterRegistry> runtimeMeters,
      EventTokens seedflowEventTokens) {
    return new SeedanceConnector(
        settings, seedflowPrices, calls(runtimeMeters), seedflowEventTokens);
  }

  /**
   * The "video finished" catch event, one per active event (the inbound runtime takes prototype
   * beans only), with the connector's settings and prices.
   */
  @Bean
  @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
  public VideoFinishedConnector seedanceVideoFinished(
      ConnectorSettings settings,
      PriceTable seedflowPrices,
      ObjectProvider<MeterRegistry> runtimeMeters,
      EventTokens seedflowEventTokens,
      EventWebhooks seedflowEventWebhooks) {
    // One attempt per read: a callback's read is never retried inside the webhook call (a 429 is
    // answered so the provider calls again).
    SeedanceClient client =
        new SeedanceClient(settings.clientSettings().withReadsTriedOnce(), calls(runtimeMeters));
    return new VideoFinishedConnector(
        client,
        settings.keeper(client),
        seedflowPrices,
        seedflowEventTokens,
        seedflowEventWebhooks,
        new WebhookSignatures(client, settings.falKeys(), Clock.systemUTC()));
  }

  /**
   * The "video finished" event's body limit, where the runtime serves webhooks: a servlet filter,
   * because the runtime's webhook controller reads a whole body before any connector code runs. A
   * filter bean, which Spring Boot maps to every path (the filter passes on at once what is not an
   * event's webhook): no registration bean, whose API differs between Spring Boot versions.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "jakarta.servlet.http.HttpFilter")
  static class CallbackBodyLimitConfiguration {
    @Bean
    CallbackBodyLimit seedflowCallbackBodyLimit(EventWebhooks seedflowEventWebhooks) {
      return new CallbackBodyLimit(seedflowEventWebhooks);
    }
  }

  /**
   * The runtime's activity log, written one entry at a time: a flood of refused callbacks must not
   * break it.
   */
  @Bean
  @ConditionalOnClass(
      name = "io.camunda.connector.runtime.core.inbound.activitylog.ActivityLogRegistry")
  static BeanPostProcessor seedflowSerializedActivityLog(Environment environment) {
    return SerializedActivityLog.replacing(environment);
  }

  /** The webhook ids served as "video finished" events, which the body limit applies to. */
  @Bean
  public EventWebhooks seedflowEventWebhooks() {
    return new EventWebhooks();
  }

  private static ProviderCalls calls(ObjectProvider<MeterRegistry> runtimeMeters) {
    MeterRegistry registry = runtimeMeters.getIfAvailable();
    return registry == null ? ProviderCalls.NONE : new ProviderRequestMeter(registry);
  }
}
