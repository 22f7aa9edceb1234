package dev.seedflow.seedance.settings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Binds a settings record as Spring Boot binds configuration properties, where no Spring context
 * does it: the standalone worker, and tests. The names, conversions and defaults are then the same
 * as inside a Spring runtime.
 */
public final class SettingsBinding {
  private SettingsBinding() {}

  /**
   * The record under {@code prefix}, each setting from the first source that has it, the record's
   * defaults for the rest.
   *
   * @throws RefusedSetting when one cannot be bound, said in one line ({@link BadSetting})
   */
  public static <T> T bind(String prefix, Class<T> type, PropertySource<?>... sources) {
    try {
      return new Binder(ConfigurationPropertySources.from(List.of(sources)))
          .bindOrCreate(prefix, type);
    } catch (BindException bad) {
      throw new RefusedSetting(BadSetting.line(bad), bad);
    }
  }

  /**
   * Environment variables, read as Spring Boot reads them ({@code SEEDFLOW_WORKER_IO_THREADS},
   * {@code SEEDFLOW_WORKER_CALLBACKS_URL}). The source carries Spring's own name for the system
   * environment: only under that name does the binder map {@code _} to nested names, so that {@code
   * callbacks.url} is found at all.
   */
  public static PropertySource<?> environment(Map<String, String> variables) {
    return new SystemEnvironmentPropertySource(
        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(variables));
  }

  /** Settings named as after the prefix ({@code "job-timeout" -> "PT10M"}). */
  public static PropertySource<?> named(String prefix, Map<String, String> settings) {
    Map<String, Object> properties = new HashMap<>();
    settings.forEach((name, value) -> properties.put(prefix + "." + name, value));
    return new MapPropertySource("settings", properties);
  }
}
