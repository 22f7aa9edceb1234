package dev.seedflow.seedance.worker;

import dev.seedflow.seedance.client.SeedanceClient;
import io.camunda.client.CamundaClient;
import io.camunda.connector.api.secret.SecretProvider;
import io.camunda.connector.runtime.core.secret.SecretProviderAggregator;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Registers the worker when our jar sits in the official Spring connectors runtime (or any Spring Boot app with a
 * CamundaClient), so one jar gives both the connector and the worker. {@code seedflow.worker.enabled=false} turns
 * it off; the other {@code seedflow.worker.*} settings tune it.
 */
@AutoConfiguration
@ConditionalOnClass(CamundaClient.class)
@ConditionalOnProperty(prefix = "seedflow.worker", name = "enabled", havingValue = "true", matchIfMissing = true)
public class SeedanceWorkerAutoConfiguration {

  @Bean(destroyMethod = "close")
  public SeedanceWorker seedanceWorker(CamundaClient camunda, ObjectProvider<SecretProviderAggregator> runtimeSecrets, Environment environment) {
    SecretProvider runtime = runtimeSecrets.getIfAvailable();
    SecretProvider secrets = runtime != null ? runtime : new LookupSecrets(environment::getProperty);
    return new SeedanceWorker(camunda, SeedanceClient.shared(), secrets, settings(environment));
  }

  static WorkerSettings settings(Environment env) {
    WorkerSettings d = WorkerSettings.defaults();
    return new WorkerSettings(
        env.getProperty("seedflow.worker.max-jobs-in-flight", Integer.class, d.maxJobsInFlight()),
        env.getProperty("seedflow.worker.job-timeout", Duration.class, d.jobTimeout()),
        env.getProperty("seedflow.worker.io-threads", Integer.class, d.ioThreads()),
        env.getProperty("seedflow.worker.requests-per-minute", Integer.class, d.requestsPerMinute()),
        env.getProperty("seedflow.worker.typical-run", Duration.class, d.typicalRun()),
        env.getProperty("seedflow.worker.longest-poll-interval", Duration.class, d.longestPollInterval()),
        env.getProperty("seedflow.worker.progress-interval", Duration.class, d.progressInterval()),
        env.getProperty("seedflow.worker.fixed-poll-interval", Duration.class, d.fixedPollInterval()));
  }
}
