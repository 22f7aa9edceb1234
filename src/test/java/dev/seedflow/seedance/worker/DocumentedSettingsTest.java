package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedflow.seedance.connector.ConnectorSettings;
import dev.seedflow.seedance.worker.shared.JobKind;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * Every setting docs/settings.md lists takes effect by the name it documents, both as an
 * environment variable ({@code SEEDFLOW_WORKER_CALLBACKS_URL}) and dotted ({@code
 * seedflow.worker.callbacks.url}), where the standalone worker binds it and where Spring Boot binds
 * it in a connectors runtime. A setting the docs add without a value here fails the test, and so
 * does one bound under its name but not taking effect.
 */
class DocumentedSettingsTest {
  private static final Path DOC = Path.of("docs/settings.md");

  /** A documented setting: a value unlike its default, and where a bound record shows it. */
  private record Setting<T>(String value, Function<T, Object> read, Object expected) {}

  private static final Map<String, Setting<WorkerSettings>> WORKER = new LinkedHashMap<>();
  private static final Map<String, Setting<ConnectorSettings>> CONNECTOR = new LinkedHashMap<>();

  static {
    worker("max-jobs-in-flight", "123", WorkerSettings::maxJobsInFlight, 123);
    worker("job-timeout", "PT7M", WorkerSettings::jobTimeout, Duration.ofMinutes(7));
    worker("io-threads", "3", WorkerSettings::ioThreads, 3);
    worker("requests-per-minute", "61", WorkerSettings::requestsPerMinute, 61);
    worker("typical-run", "PT21S", WorkerSettings::typicalRun, Duration.ofSeconds(21));
    worker(
        "longest-poll-interval",
        "PT2M",
        WorkerSettings::longestPollInterval,
        Duration.ofMinutes(2));
    worker("progress-interval", "PT11S", WorkerSettings::progressInterval, Duration.ofSeconds(11));
    worker("fixed-poll-interval", "9s", WorkerSettings::fixedPollInterval, Duration.ofSeconds(9));
    worker("store-max-size", "20MB", WorkerSettings::storeMaxSize, DataSize.ofMegabytes(20));
    worker("store-time-limit", "PT3M", WorkerSettings::storeTimeLimit, Duration.ofMinutes(3));
    worker("store-threads", "2", WorkerSettings::storeThreads, 2);
    worker("max-unfinished-tasks", "7", WorkerSettings::maxUnfinishedTasks, 7);
    worker("generate-type", "acme:generate:2", s -> s.jobType(JobKind.GENERATE), "acme:generate:2");
    worker("await-type", "acme:await:2", s -> s.jobType(JobKind.AWAIT), "acme:await:2");
    worker("create-call-timeout", "PT6S", WorkerSettings::createCallTimeout, Duration.ofSeconds(6));
    worker("lost-create-margin", "PT4S", WorkerSettings::lostCreateMargin, Duration.ofSeconds(4));
    worker("local-run", "true", WorkerSettings::localRun, true);
    worker("management-port", "9464", WorkerSettings::managementPort, 9464);
    worker(
        "callbacks.url",
        "https://seedflow.example.com/callbacks",
        s -> s.callbacks().url(),
        "https://seedflow.example.com/callbacks");
    worker("callbacks.secret", "k".repeat(32), s -> s.callbacks().secret(), "k".repeat(32));
    worker("callbacks.port", "8081", s -> s.callbacks().port(), 8081);
    worker(
        "callbacks.peers",
        "http://a:8081,http://b:8081",
        s -> s.callbacks().peers(),
        List.of("http://a:8081", "http://b:8081"));
    worker("callbacks.poll-stretch", "3", s -> s.callbacks().pollStretch(), 3);
    worker(
        "callbacks.hint-spacing",
        "PT0.2S",
        s -> s.callbacks().hintSpacing(),
        Duration.ofMillis(200));
    worker(
        "callbacks.fal-keys",
        "https://keys.example/jwks.json",
        s -> s.callbacks().falKeys(),
        "https://keys.example/jwks.json");
    worker("shutdown-grace", "PT12S", WorkerSettings::shutdownGrace, Duration.ofSeconds(12));
    connector("store-max-size", "20MB", ConnectorSettings::storeMaxSize, DataSize.ofMegabytes(20));
    connector("store-time-limit", "PT2M", ConnectorSettings::storeTimeLimit, Duration.ofMinutes(2));
    connector(
        "create-call-timeout", "PT6S", ConnectorSettings::createCallTimeout, Duration.ofSeconds(6));
    connector("local-run", "true", ConnectorSettings::localRun, true);
    connector(
        "fal-keys",
        "https://keys.example/jwks.json",
        ConnectorSettings::falKeys,
        "https://keys.example/jwks.json");
  }

  /**
   * Not a field of the settings: it decides whether the runtime registers the worker at all (tested
   * on its own below).
   */
  private static final String ENABLED = "enabled";

  private static void worker(
      String name, String value, Function<WorkerSettings, Object> read, Object expected) {
    WORKER.put(name, new Setting<>(value, read, expected));
  }

  private static void connector(
      String name, String value, Function<ConnectorSettings, Object> read, Object expected) {
    CONNECTOR.put(name, new Setting<>(value, read, expected));
  }

  @Test
  void everyDocumentedSettingIsCoveredHere() throws IOException {
    Set<String> worker = new LinkedHashSet<>(WORKER.keySet());
    worker.add(ENABLED);
    assertThat(documented("Worker settings")).containsExactlyInAnyOrderElementsOf(worker);
    assertThat(documented("Connector settings"))
        .containsExactlyInAnyOrderElementsOf(CONNECTOR.keySet());
  }

  @Test
  void theStandaloneWorkerTakesEveryWorkerSettingByItsEnvironmentName() {
    WorkerSettings bound = WorkerSettings.fromEnvironment(environment("seedflow.worker", WORKER));
    WORKER.forEach(
        (name, setting) ->
            assertThat(setting.read().apply(bound))
                .as(environmentName("seedflow.worker", name))
                .isEqualTo(setting.expected()));
  }

  @Test
  void theStandaloneWorkerTakesEveryWorkerSettingByItsDottedName() {
    Map<String, String> named = new LinkedHashMap<>();
    WORKER.forEach((name, setting) -> named.put(name, setting.value()));
    WorkerSettings bound = WorkerSettings.of(named);
    WORKER.forEach(
        (name, setting) ->
            assertThat(setting.read().apply(bound))
                .as("seedflow.worker." + name)
                .isEqualTo(setting.expected()));
  }

  @Test
  void theConnectorTakesEveryConnectorSettingByBothNamesOutsideSpring() {
    ConnectorSettings fromEnvironment =
        ConnectorSettings.fromEnvironment(environment("seedflow.connector", CONNECTOR));
    Map<String, String> named = new LinkedHashMap<>();
    CONNECTOR.forEach((name, setting) -> named.put(name, setting.value()));
    ConnectorSettings dotted = ConnectorSettings.of(named);
    CONNECTOR.forEach(
        (name, setting) -> {
          assertThat(setting.read().apply(fromEnvironment))
              .as(environmentName("seedflow.connector", name))
              .isEqualTo(setting.expected());
          assertThat(setting.read().apply(dotted))
              .as("seedflow.connector." + name)
              .isEqualTo(setting.expected());
        });
  }

  @Test
  void aSpringRuntimeTakesEverySettingByItsEnvironmentName() {
    Map<String, String> variables = new LinkedHashMap<>(environment("seedflow.worker", WORKER));
    variables.putAll(environment("seedflow.connector", CONNECTOR));
    try (ConfigurableApplicationContext spring = runtime(variables, Map.of())) {
      assertBoundInSpring(spring, "environment variable");
    }
  }

  @Test
  void aSpringRuntimeTakesEverySettingByItsDottedName() {
    Map<String, Object> properties = new LinkedHashMap<>();
    WORKER.forEach((name, setting) -> properties.put("seedflow.worker." + name, setting.value()));
    CONNECTOR.forEach(
        (name, setting) -> properties.put("seedflow.connector." + name, setting.value()));
    try (ConfigurableApplicationContext spring = runtime(Map.of(), properties)) {
      assertBoundInSpring(spring, "property");
    }
  }

  /**
   * {@code SEEDFLOW_WORKER_ENABLED=false} leaves the worker out; true (the default) asks for the
   * Camunda client it needs.
   */
  @Test
  void enabledDecidesWhetherTheRuntimeRegistersTheWorker() {
    try (ConfigurableApplicationContext spring =
        runtime(
            Map.of("SEEDFLOW_WORKER_ENABLED", "false"),
            Map.of(),
            SeedanceWorkerAutoConfiguration.class)) {
      assertThat(spring.getBeanNamesForType(SeedanceWorker.class)).isEmpty();
    }
    assertThatThrownBy(
            () ->
                runtime(
                        Map.of("SEEDFLOW_WORKER_ENABLED", "true"),
                        Map.of(),
                        SeedanceWorkerAutoConfiguration.class)
                    .close())
        .as("enabled, the worker is built, and here no Camunda client is there to build it with")
        .hasStackTraceContaining("CamundaClient");
  }

  private static void assertBoundInSpring(ConfigurableApplicationContext spring, String form) {
    WorkerSettings worker = spring.getBean(WorkerSettings.class);
    ConnectorSettings connector = spring.getBean(ConnectorSettings.class);
    WORKER.forEach(
        (name, setting) ->
            assertThat(setting.read().apply(worker))
                .as("seedflow.worker." + name + " as " + form)
                .isEqualTo(setting.expected()));
    CONNECTOR.forEach(
        (name, setting) ->
            assertThat(setting.read().apply(connector))
                .as("seedflow.connector." + name + " as " + form)
                .isEqualTo(setting.expected()));
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties({WorkerSettings.class, ConnectorSettings.class})
  static class Settings {}

  /**
   * A Spring Boot application as the runtime is one: its system environment replaced by {@code
   * variables}.
   */
  private static ConfigurableApplicationContext runtime(
      Map<String, String> variables, Map<String, Object> properties, Class<?>... more) {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.copyOf(variables)));
    environment.getPropertySources().addFirst(new MapPropertySource("application", properties));
    Class<?>[] sources = new Class<?>[more.length + 1];
    sources[0] = Settings.class;
    System.arraycopy(more, 0, sources, 1, more.length);
    return new SpringApplicationBuilder(sources)
        .web(WebApplicationType.NONE)
        .environment(environment)
        .logStartupInfo(false)
        .run();
  }

  private static <T> Map<String, String> environment(
      String prefix, Map<String, Setting<T>> settings) {
    Map<String, String> variables = new LinkedHashMap<>();
    settings.forEach(
        (name, setting) -> variables.put(environmentName(prefix, name), setting.value()));
    return variables;
  }

  /**
   * The name docs/settings.md gives an environment variable: {@code SEEDFLOW_WORKER_JOB_TIMEOUT}.
   */
  private static String environmentName(String prefix, String name) {
    return (prefix + "." + name).replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /** The settings listed in a section of docs/settings.md (its table's first column). */
  private static Set<String> documented(String section) throws IOException {
    String text = Files.readString(DOC);
    int start = text.indexOf("# " + section);
    int end = text.indexOf("\n# ", start + 1);
    Matcher rows =
        Pattern.compile("(?m)^\\| `([a-z.-]+)` \\|")
            .matcher(text.substring(start, end < 0 ? text.length() : end));
    Set<String> names = new LinkedHashSet<>();
    while (rows.find()) names.add(rows.group(1));
    return names;
  }
}
