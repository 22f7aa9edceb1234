package dev.seedflow.seedance.local;

import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * One JVM holding a whole Camunda: the embedded engine, the official Spring connectors runtime (which finds our
 * connector on the classpath). Secrets come from the given properties, the
 * way the connectors runtime reads environment variables.
 */
public final class LocalRuntime implements AutoCloseable {
  private final LocalEngine engine;
  private final ConfigurableApplicationContext spring;
  private final ProcessRecords records;

  private LocalRuntime(LocalEngine engine, ConfigurableApplicationContext spring) {
    this.engine = engine;
    this.spring = spring;
    this.records = new ProcessRecords(engine);
  }

  /**
   * @param secrets secret name to value, as {@code {{secrets.NAME}}} finds them
   * @param settings further Spring properties (for example worker settings)
   */
  public static LocalRuntime start(Map<String, String> secrets, Map<String, String> settings) {
    LocalEngine engine = LocalEngine.start();
    Map<String, Object> properties = new HashMap<>();
    properties.put("camunda.client.mode", "self-managed");
    properties.put("camunda.client.auth.method", "none");
    properties.put("camunda.client.grpc-address", engine.grpcAddress());
    // The embedded engine has no REST API; the client must not prefer it, or the workers never activate a job.
    properties.put("camunda.client.rest-address", "http://127.0.0.1:" + LocalEngine.freePort());
    properties.put("camunda.client.prefer-rest-over-grpc", "false");
    properties.put("camunda.connector.polling.enabled", "false");
    properties.put("camunda.connector.webhook.enabled", "false");
    properties.put("spring.main.banner-mode", "off");
    // Locally the secrets are these properties; the runtime's warning about environment-variable prefixes does not apply.
    properties.put("logging.level.io.camunda.connector.runtime.secret.EnvironmentSecretProvider", "ERROR");
    properties.putAll(secrets);
    properties.putAll(settings);
    // A runner or benchmark set this for its first log lines; from here on Spring's logging.config rules.
    System.clearProperty("logback.configurationFile");
    try {
      // First in line, because the client's own defaults would win over builder defaults; and as defaults too,
      // because logging and the banner are set up before any initializer runs.
      ConfigurableApplicationContext spring = new SpringApplicationBuilder(LocalRuntimeApplication.class)
          .web(WebApplicationType.NONE)
          .properties(properties)
          .initializers(context -> context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("seedflow-local", properties)))
          .run();
      return new LocalRuntime(engine, spring);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  public CamundaClient client() {
    return spring.getBean(CamundaClient.class);
  }

  public ProcessRecords records() {
    return records;
  }

  public LocalEngine engine() {
    return engine;
  }

  /** Deploys the model, starts one instance with these variables, and waits for it to complete, fail or time out. */
  public ProcessOutcome run(BpmnModelInstance model, Map<String, Object> variables, Duration timeout) throws InterruptedException {
    return records.await(start(model, variables), timeout);
  }

  /** Deploys the model and starts one instance; returns its key. */
  public long start(BpmnModelInstance model, Map<String, Object> variables) {
    CamundaClient client = client();
    String processId = client.newDeployResourceCommand().addProcessModel(model, "process.bpmn").send().join()
        .getProcesses().getFirst().getBpmnProcessId();
    return client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion().variables(variables).send().join()
        .getProcessInstanceKey();
  }

  /** The Spring context first, then the engine: the other way round its workers log connection errors on the way out. */
  @Override
  public void close() {
    spring.close();
    engine.close();
  }
}
