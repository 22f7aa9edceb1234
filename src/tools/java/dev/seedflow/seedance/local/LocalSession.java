package dev.seedflow.seedance.local;

import dev.seedflow.seedance.settings.BadSetting;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import dev.seedflow.seedance.worker.inputs.LookupSecrets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.util.unit.DataSize;

/**
 * The runner's whole Camunda: the local runtime with the worker, and the simulator unless
 * SECRET_SEEDANCE_BASE_URL points at a real provider. The simulator runs ten times faster than a
 * real provider ({@code SEEDFLOW_SIMULATOR_SPEED} sets another factor; the tests run it faster
 * still), and the worker is told so, so its reads are spaced for the simulated timing.
 */
final class LocalSession implements AutoCloseable {
  static final double SIMULATOR_TIME_SCALE = 10;
  static final String SIMULATOR_SPEED = "SEEDFLOW_SIMULATOR_SPEED";
  private static final String BASE_URL = "SEEDANCE_BASE_URL";
  private static final String API_KEY = "SEEDANCE_API_KEY";

  /**
   * {@code true}: the provider at SEEDANCE_BASE_URL is a mock on this machine (WireMock, a team's
   * own fake), so its loopback and plain-http result URLs are taken. For the runner only: the
   * deliverables never read it, and a real provider's URLs keep every rule of production.
   */
  static final String LOCAL_PROVIDER = "SEEDFLOW_LOCAL_PROVIDER";

  /** A standard model's usual run at a real provider, which the worker's read planner expects. */
  private static final Duration TYPICAL_RUN = Duration.ofSeconds(55);

  final SeedanceSimulator simulator;
  final LocalRuntime runtime;

  /** The one line the runner says first when a mock provider's URLs are taken, or null. */
  final String warning;

  private LocalSession(SeedanceSimulator simulator, LocalRuntime runtime, String warning) {
    this.simulator = simulator;
    this.runtime = runtime;
    this.warning = warning;
  }

  static LocalSession start(Map<String, String> environment) throws RunnerOptions.UsageException {
    return start(environment, false);
  }

  /**
   * @param webhooks whether a model to run waits on a "video finished" event: the runtime then
   *     serves webhooks
   */
  static LocalSession start(Map<String, String> environment, boolean webhooks)
      throws RunnerOptions.UsageException {
    Map<String, String> secrets = secrets(environment);
    boolean simulated = secrets.get(BASE_URL) == null || secrets.get(BASE_URL).isBlank();
    boolean localProvider = localProvider(environment);
    double speed = speed(environment);
    Map<String, String> settings =
        new HashMap<>(
            Map.of(
                "logging.config",
                "classpath:seedflow-runner-logback.xml",
                "seedflow.worker.progress-interval",
                "PT0.5S",
                LocalRuntime.WEBHOOKS,
                String.valueOf(webhooks)));
    String uploadLimit = environment.get("SEEDFLOW_LOCAL_MAX_DOCUMENT_SIZE");
    if (uploadLimit != null && !uploadLimit.isBlank()) {
      try {
        DataSize.parse(uploadLimit.trim());
      } catch (IllegalArgumentException notASize) {
        throw new RunnerOptions.UsageException(
            "SEEDFLOW_LOCAL_MAX_DOCUMENT_SIZE must be a size in bytes (10485760) or with a unit"
                + " (10MB), got '"
                + uploadLimit
                + "'");
      }
      settings.put("seedflow.local.max-document-size", uploadLimit);
    }
    SeedanceSimulator simulator =
        simulated
            ? SeedanceSimulator.start(SimulatorSettings.realistic().withTimeScale(speed))
            : null;
    if (simulated) {
      secrets.put(BASE_URL, simulator.baseUrl());
      secrets.putIfAbsent(API_KEY, "simulator-key");
      settings.put(
          "seedflow.worker.typical-run",
          Duration.ofMillis(Math.round(TYPICAL_RUN.toMillis() / speed)).toString());
      // The simulated fal signs its webhooks with keys of its own, published where fal publishes
      // them on its address.
      settings.put("seedflow.worker.callbacks.fal-keys", simulator.falKeysUrl());
      settings.put("seedflow.connector.fal-keys", simulator.falKeysUrl());
    } else if (!localProvider) {
      // A real provider: its result URLs meet every rule of production.
      settings.put("seedflow.worker.local-run", "false");
      settings.put("seedflow.connector.local-run", "false");
    }
    String warning =
        !simulated && localProvider
            ? "WARN "
                + LOCAL_PROVIDER
                + "=true: the provider at "
                + secrets.get(BASE_URL)
                + " is taken as a mock on this machine, and its loopback and http:// result URLs"
                + " are kept; never set it for a real provider"
            : null;
    try {
      return new LocalSession(simulator, LocalRuntime.start(secrets, settings), warning);
    } catch (RuntimeException e) {
      if (simulator != null) simulator.close();
      Optional<BindException> bad = settingOf(e);
      if (bad.isPresent()) throw new RunnerOptions.UsageException(BadSetting.line(bad.get()));
      throw e;
    }
  }

  /**
   * The setting the runtime could not bind, where that is why it did not start: a usage error in
   * one line, where Spring's report would be twenty and the runtime's threads would keep the runner
   * from ending.
   */
  private static Optional<BindException> settingOf(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException bad) return Optional.of(bad);
      if (cause.getCause() == cause) break;
    }
    return Optional.empty();
  }

  /**
   * The secrets, from the environment as the connectors runtime reads them since 8.9: {@code
   * SECRET_X} is the secret X. A local run also takes a plain X, where no SECRET_X is set.
   */
  static Map<String, String> secrets(Map<String, String> environment) {
    Map<String, String> secrets = new HashMap<>(environment);
    environment.forEach(
        (name, value) -> {
          if (name.startsWith(LookupSecrets.DEFAULT_PREFIX)
              && name.length() > LookupSecrets.DEFAULT_PREFIX.length()) {
            secrets.put(name.substring(LookupSecrets.DEFAULT_PREFIX.length()), value);
          }
        });
    return secrets;
  }

  /** Where the provider is, or null for the built-in simulator. */
  static String providerUrl(Map<String, String> environment) {
    String url = secrets(environment).get(BASE_URL);
    return url == null || url.isBlank() ? null : url;
  }

  private static boolean localProvider(Map<String, String> environment)
      throws RunnerOptions.UsageException {
    String value = environment.getOrDefault(LOCAL_PROVIDER, "").trim();
    if (value.isEmpty() || value.equalsIgnoreCase("false")) return false;
    if (value.equalsIgnoreCase("true")) return true;
    throw new RunnerOptions.UsageException(
        LOCAL_PROVIDER + " must be true or false, got '" + value + "'");
  }

  private static double speed(Map<String, String> environment) throws RunnerOptions.UsageException {
    String speed = environment.get(SIMULATOR_SPEED);
    if (speed == null || speed.isBlank()) return SIMULATOR_TIME_SCALE;
    try {
      double factor = Double.parseDouble(speed.trim());
      if (factor >= 1 && factor <= 1000) return factor;
    } catch (NumberFormatException notANumber) {
      // said below
    }
    throw new RunnerOptions.UsageException(
        SIMULATOR_SPEED
            + " must be a number from 1 to 1000 (how many times faster than a real provider), got '"
            + speed
            + "'");
  }

  @Override
  public void close() {
    runtime.close();
    if (simulator != null) simulator.close();
  }
}
