package dev.seedflow.seedance.connector;

import dev.seedflow.seedance.client.ProviderCalls;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.metrics.ProviderRequestMeter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Gives the Spring connectors runtime the connector as a bean, the way it takes connectors of its own
 * (OutboundConnectorProvider beans), rather than through META-INF/services: a connector the runtime builds itself
 * cannot see the runtime's configuration, and would silently ignore {@code seedflow.connector.*} in its
 * application.yaml. The prices are read here once, for the connector and the worker alike.
 */
@AutoConfiguration
@EnableConfigurationProperties(ConnectorSettings.class)
@ConditionalOnClass(name = "io.camunda.connector.runtime.core.outbound.DefaultOutboundConnectorFactory")
public class SeedanceConnectorAutoConfiguration {

  /** {@code seedflow.prices}, from wherever the runtime reads its configuration. */
  @Bean
  public PriceTable seedflowPrices(Environment environment) {
    return PriceTable.parse(environment.getProperty(PriceTable.PROPERTY));
  }

  /** Its requests to the provider counted on the runtime's meter registry, where the runtime has one (its actuator). */
  @Bean
  public SeedanceConnector seedanceConnector(ConnectorSettings settings, PriceTable seedflowPrices, ObjectProvider<MeterRegistry> runtimeMeters) {
    MeterRegistry registry = runtimeMeters.getIfAvailable();
    return new SeedanceConnector(settings, seedflowPrices, registry == null ? ProviderCalls.NONE : new ProviderRequestMeter(registry));
  }
}
