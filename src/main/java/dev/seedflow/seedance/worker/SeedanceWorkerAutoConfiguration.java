package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.worker.inputs.RuntimeSecrets;
import dev.seedflow.seedance.worker.shared.WorkerMeters;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import io.camunda.client.CamundaClient;
import io.camunda.connector.api.document.DocumentFactory;
import io.camunda.connector.api.secret.SecretProvider;
import io.camunda.connector.runtime.core.secret.SecretProviderAggregator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Registers the worker when our jar sits in the official Spring connectors runtime (or any Spring
 * Boot app with a CamundaClient), so one jar gives both the connector and the worker. {@code
 * seedflow.worker.enabled=false} turns it off; the other {@code seedflow.worker.*} settings tune
 * it.
 */
@AutoConfiguration(afterName = "dev.seedflow.seedance.connector.SeedanceConnectorAutoConfiguration")
@EnableConfigurationProperties(WorkerSettings.class)
@ConditionalOnClass(CamundaClient.class)
@ConditionalOnProperty(
    prefix = "seedflow.worker",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public class SeedanceWorkerAutoConfiguration {
  @Bean(initMethod = "start", destroyMethod = "close")
  public SeedanceWorker seedanceWorker(
      CamundaClient camunda,
      ObjectProvider<SecretProviderAggregator> runtimeSecrets,
      ObjectProvider<DocumentFactory> runtimeDocuments,
      ObjectProvider<PriceTable> runtimePrices,
      ObjectProvider<MeterRegistry> runtimeMeters,
      Environment environment,
      WorkerSettings settings) {
    SecretProvider secrets = RuntimeSecrets.of(runtimeSecrets.getIfAvailable(), environment);
    // The runtime's document factory, so the worker keeps videos wherever the runtime's connectors
    // keep documents.
    DocumentFactory documents =
        runtimeDocuments.getIfAvailable(() -> SeedanceWorker.documentsOf(camunda));
    // The prices the connector's configuration read, or read here where no connectors runtime is.
    PriceTable prices =
        runtimePrices.getIfAvailable(
            () -> PriceTable.withListPrices(environment.getProperty(PriceTable.PROPERTY)));
    // The runtime's meter registry, so the worker's meters show on its actuator beside the
    // runtime's own.
    WorkerMeters meters = new WorkerMeters(runtimeMeters.getIfAvailable(SimpleMeterRegistry::new));
    // A client of its own for the worker's create deadline; it shares the connector's connections
    // and dispatcher.
    return new SeedanceWorker(
        camunda,
        new SeedanceClient(settings.clientSettings(), meters),
        secrets,
        documents,
        prices,
        settings,
        meters);
  }
}
