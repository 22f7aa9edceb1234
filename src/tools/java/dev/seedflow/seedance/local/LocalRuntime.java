package dev.seedflow.seedance.local;

import dev.seedflow.seedance.signing.EventTokens;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.DeployResourceCommandStep1;
import io.camunda.connector.api.document.DocumentFactory;
import io.camunda.connector.runtime.inbound.webhook.WebhookConnectorRegistry;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * One JVM holding a whole Camunda: the embedded engine, the official Spring connectors runtime
 * (which finds our connector on the classpath), and, where {@link #WEBHOOKS} asks, its inbound side
 * with its webhook endpoint. Secrets come from the given properties, the way the connectors runtime
 * reads environment variables.
 */
public final class LocalRuntime implements AutoCloseable {
  /**
   * Where documents are kept unless SEEDFLOW_LOCAL_DOCUMENTS (or the setting
   * seedflow.local.documents) says otherwise.
   */
  static final String DEFAULT_DOCUMENTS = "target/seedflow-documents";

  /**
   * The setting that turns on inbound connectors: the runtime's web server, with its {@code
   * /inbound/<id>} webhooks.
   */
  public static final String WEBHOOKS = "seedflow.local.webhooks";

  /** The secret the create step builds a "video finished" event's address from. */
  public static final String PUBLIC_URL_SECRET = "SEEDFLOW_PUBLIC_URL";

  private final LocalEngine engine;
  private final LocalDocumentsApi documentsApi;
  private final ConfigurableApplicationContext spring;
  private final ProcessRecords records;
  private final ScriptedAgent agent;

  private LocalRuntime(
      LocalEngine engine, LocalDocumentsApi documentsApi, ConfigurableApplicationContext spring) {
    this.engine = engine;
    this.documentsApi = documentsApi;
    this.spring = spring;
    this.records = new ProcessRecords(engine);
    this.agent = ScriptedAgent.serve(client());
  }

  /**
   * The worker and the connector run as a local run ({@code seedflow.*.local-run}), taking result
   * media from the simulator on loopback, unless {@code settings} says otherwise, as the runner
   * does for a real provider.
   *
   * @param secrets secret name to value, as {@code {{secrets.NAME}}} finds them
   * @param settings further Spring properties (for example worker settings)
   */
  public static LocalRuntime start(Map<String, String> secrets, Map<String, String> settings) {
    LocalEngine engine = LocalEngine.start();
    String folder =
        settings.getOrDefault(
            "seedflow.local.documents",
            System.getenv().getOrDefault("SEEDFLOW_LOCAL_DOCUMENTS", DEFAULT_DOCUMENTS));
    // An upload limit like SaaS's 10 MB, so what a bigger video does can be tried here: bytes, or a
    // size such as 10MB.
    String limit =
        settings.getOrDefault(
            "seedflow.local.max-document-size", System.getenv("SEEDFLOW_LOCAL_MAX_DOCUMENT_SIZE"));
    LocalDocumentsApi documentsApi =
        LocalDocumentsApi.start(
            new FolderDocumentStore(Path.of(folder)),
            limit == null || limit.isBlank()
                ? Long.MAX_VALUE
                : DataSize.parse(limit.trim()).toBytes());
    Map<String, Object> properties = new HashMap<>();
    properties.put("camunda.client.mode", "self-managed");
    properties.put("camunda.client.auth.method", "none");
    properties.put("camunda.client.grpc-address", engine.grpcAddress());
    // The embedded engine has no REST API; the client must not prefer it, or the workers never
    // activate a job. Its REST
    // address serves the one REST feature the runtime and the worker use, documents.
    properties.put("camunda.client.rest-address", documentsApi.address());
    properties.put("camunda.client.prefer-rest-over-grpc", "false");
    // Inbound connectors (the "video finished" event) only where asked: they need a web server, and
    // the runtime then
    // searches the process definitions (served from the engine's records) several times a second.
    boolean webhooks = Boolean.parseBoolean(settings.getOrDefault(WEBHOOKS, "false"));
    int webPort = webhooks ? LocalEngine.freePort() : 0;
    if (webhooks) {
      documentsApi.serve(LocalProcessDefinitions.PATH, new LocalProcessDefinitions(engine));
      properties.put("server.address", "127.0.0.1");
      properties.put("server.port", String.valueOf(webPort));
      properties.put("camunda.connector.polling.interval", "250");
      // The address a provider calls the events back at, as an operator sets it for a real runtime.
      properties.put(PUBLIC_URL_SECRET, "http://127.0.0.1:" + webPort);
    }
    // The key that signs the events' callback URLs, as an operator creates it once per cluster;
    // random per local run.
    properties.put(EventTokens.SECRET, UUID.randomUUID() + "-" + UUID.randomUUID());
    properties.put("camunda.connector.polling.enabled", String.valueOf(webhooks));
    properties.put("camunda.connector.webhook.enabled", String.valueOf(webhooks));
    properties.put("spring.main.banner-mode", "off");
    // Locally the secrets are these properties; the runtime's warning about environment-variable
    // prefixes does not apply.
    properties.put(
        "logging.level.io.camunda.connector.runtime.secret.EnvironmentSecretProvider", "ERROR");
    // Our inbound connector is a Spring bean, which the runtime takes after its service-file scan
    // has warned it found none.
    properties.put(
        "logging.level.io.camunda.connector.runtime.core.inbound.DefaultInboundConnectorFactory",
        "ERROR");
    properties.put("seedflow.worker.local-run", "true");
    properties.put("seedflow.connector.local-run", "true");
    properties.putAll(secrets);
    properties.putAll(settings);
    // A runner or benchmark set this for its first log lines; from here on Spring's logging.config
    // rules.
    System.clearProperty("logback.configurationFile");
    try {
      // First in line, because the client's own defaults would win over builder defaults; and as
      // defaults too,
      // because logging and the banner are set up before any initializer runs.
      ConfigurableApplicationContext spring =
          new SpringApplicationBuilder(LocalRuntimeApplication.class)
              .web(webhooks ? WebApplicationType.SERVLET : WebApplicationType.NONE)
              .properties(properties)
              .initializers(
                  context ->
                      context
                          .getEnvironment()
                          .getPropertySources()
                          .addFirst(new MapPropertySource("seedflow-local", properties)))
              .run();
      return new LocalRuntime(engine, documentsApi, spring);
    } catch (RuntimeException e) {
      documentsApi.close();
      engine.close();
      throw e;
    }
  }

  /**
   * The secret {@code SEEDFLOW_PUBLIC_URL} as this runtime has it: where it serves webhooks ({@code
   * /inbound/<id>}) unless the caller gave another; null where neither.
   */
  public String publicUrl() {
    return spring.getEnvironment().getProperty(PUBLIC_URL_SECRET);
  }

  /** A bean of the runtime's Spring context, as the runtime configured it. */
  public <T> T bean(Class<T> type) {
    return spring.getBean(type);
  }

  /** The scripted stand-in for Camunda's AI Agent Task, which serves its jobs here. */
  public ScriptedAgent agent() {
    return agent;
  }

  public CamundaClient client() {
    return spring.getBean(CamundaClient.class);
  }

  /** The documents the connector and the worker keep, as the connectors runtime hands them out. */
  public DocumentFactory documents() {
    return spring.getBean(DocumentFactory.class);
  }

  /** The folder those documents are written to. */
  public FolderDocumentStore documentStore() {
    return documentsApi.store();
  }

  /**
   * The documents REST API a Camunda client in another JVM uses as its REST address (a worker
   * replica).
   */
  public String documentsAddress() {
    return documentsApi.address();
  }

  public ProcessRecords records() {
    return records;
  }

  public LocalEngine engine() {
    return engine;
  }

  /**
   * Deploys the model, starts one instance with these variables, and waits for it to complete, fail
   * or time out.
   */
  public ProcessOutcome run(
      BpmnModelInstance model, Map<String, Object> variables, Duration timeout)
      throws InterruptedException {
    return records.await(start(model, variables), timeout);
  }

  /**
   * Deploys a model read from {@code file} as a user deploys it from the Modeler: with the forms
   * and decisions beside it and the processes it calls. Returns its process id.
   */
  public String deploy(Path file, BpmnModelInstance model) {
    DeployResourceCommandStep1.DeployResourceCommandStep2 deploy =
        client().newDeployResourceCommand().addProcessModel(model, file.getFileName().toString());
    for (Path companion : companions(file, model)) {
      deploy = deploy.addResourceFile(companion.toString());
    }
    String processId =
        deploy.send().join().getProcesses().stream()
            .filter(p -> p.getResourceName().equals(file.getFileName().toString()))
            .findFirst()
            .orElseThrow()
            .getBpmnProcessId();
    awaitWebhooks(model);
    return processId;
  }

  /** Deploys the file (with its companions) and starts one instance; returns its key. */
  public long start(Path file, Map<String, Object> variables) {
    String processId = deploy(file, Bpmn.readModelFromFile(file.toFile()));
    return client()
        .newCreateInstanceCommand()
        .bpmnProcessId(processId)
        .latestVersion()
        .variables(variables)
        .send()
        .join()
        .getProcessInstanceKey();
  }

  /**
   * Whether the model has catch events served as webhooks, so its runtime needs {@link #WEBHOOKS}.
   */
  public static boolean waitsOnWebhooks(BpmnModelInstance model) {
    return !webhooksOf(model).isEmpty();
  }

  private static List<String> webhooksOf(BpmnModelInstance model) {
    return model.getModelElementsByType(ZeebeProperty.class).stream()
        .filter(property -> "inbound.context".equals(property.getName()))
        .map(ZeebeProperty::getValue)
        .toList();
  }

  /**
   * Waits until the runtime serves every webhook the model's catch events name: it finds a new
   * model by searching the process definitions a few times a second, and a callback before then
   * would find no webhook.
   */
  private void awaitWebhooks(BpmnModelInstance model) {
    List<String> webhooks = webhooksOf(model);
    if (webhooks.isEmpty()) return;
    if (!Boolean.parseBoolean(
        spring.getEnvironment().getProperty("camunda.connector.webhook.enabled"))) {
      throw new IllegalStateException(
          "the model waits on webhooks "
              + webhooks
              + ", but this runtime serves none ("
              + WEBHOOKS
              + ")");
    }
    WebhookConnectorRegistry registry = spring.getBean(WebhookConnectorRegistry.class);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!webhooks.stream().allMatch(id -> registry.getActiveWebhook(id).isPresent())) {
      if (System.nanoTime() > deadline)
        throw new IllegalStateException(
            "the connectors runtime did not serve the webhooks " + webhooks + " within 20 s");
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(
            "interrupted while waiting for the webhooks " + webhooks, e);
      }
    }
  }

  /** Forms and decisions beside the file, and the processes it calls, deploy with it. */
  private static List<Path> companions(Path file, BpmnModelInstance model) {
    Set<String> called =
        model.getModelElementsByType(CallActivity.class).stream()
            .map(call -> call.getSingleExtensionElement(ZeebeCalledElement.class))
            .filter(element -> element != null && element.getProcessId() != null)
            .map(ZeebeCalledElement::getProcessId)
            .collect(Collectors.toSet());
    Path folder = file.toAbsolutePath().getParent();
    List<Path> companions = new ArrayList<>();
    try (Stream<Path> siblings = Files.list(folder)) {
      for (Path sibling : siblings.sorted().toList()) {
        String name = sibling.getFileName().toString();
        if (sibling.equals(file.toAbsolutePath())) continue;
        if (name.endsWith(".form") || name.endsWith(".dmn")) {
          companions.add(sibling);
        } else if (name.endsWith(".bpmn") && !called.isEmpty()) {
          BpmnModelInstance other = Bpmn.readModelFromFile(sibling.toFile());
          if (other.getModelElementsByType(Process.class).stream()
              .anyMatch(p -> called.contains(p.getId()))) companions.add(sibling);
        }
      }
    } catch (IOException | RuntimeException e) {
      // A folder we cannot read holds no companions we could deploy.
    }
    return companions;
  }

  /** Deploys the model and starts one instance; returns its key. */
  public long start(BpmnModelInstance model, Map<String, Object> variables) {
    CamundaClient client = client();
    String processId =
        client
            .newDeployResourceCommand()
            .addProcessModel(model, "process.bpmn")
            .send()
            .join()
            .getProcesses()
            .getFirst()
            .getBpmnProcessId();
    awaitWebhooks(model);
    return client
        .newCreateInstanceCommand()
        .bpmnProcessId(processId)
        .latestVersion()
        .variables(variables)
        .send()
        .join()
        .getProcessInstanceKey();
  }

  /**
   * The Spring context first, then the engine: the other way round its workers log connection
   * errors on the way out.
   */
  @Override
  public void close() {
    agent.close();
    spring.close();
    engine.close();
    documentsApi.close();
  }
}
