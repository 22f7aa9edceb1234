package dev.seedflow.seedance.settings;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * A setting that cannot be bound, said in one line as an operator reads it: the variable as they
 * set it, its value, and what it must be. Spring's own message names the property path and a Java
 * type ({@code Failed to bind properties under 'seedflow.worker.management-port' to
 * java.lang.Integer}), which is neither the name they typed nor what to type instead.
 */
public final class BadSetting {
  private static final Map<Class<?>, String> KINDS =
      Map.of(
          Integer.class, "a whole number",
          int.class, "a whole number",
          Long.class, "a whole number",
          long.class, "a whole number",
          Duration.class, "a duration, such as PT30S or 30s",
          DataSize.class, "a size, such as 500MB",
          Boolean.class, "true or false",
          boolean.class, "true or false");

  private BadSetting() {}

  /** The failure in one line, with no stack trace needed to understand it. */
  public static String line(BindException failure) {
    ConfigurationProperty property = failure.getProperty();
    Class<?> type = failure.getTarget().getType().resolve(Object.class);
    Throwable root = rootCause(failure);
    String must =
        root instanceof ConversionException || root instanceof NumberFormatException
            ? "it must be " + KINDS.getOrDefault(type, type.getSimpleName())
            : root.getMessage();
    if (property == null) {
      return "The setting " + failure.getName() + " is not valid: " + must + ".";
    }
    return nameAsSet(property) + " is '" + property.getValue() + "', but " + must + ".";
  }

  /** The environment variable's own name where the value came from one, else the property. */
  private static String nameAsSet(ConfigurationProperty property) {
    return property.getOrigin() instanceof PropertySourceOrigin origin
            && origin.getPropertySource() instanceof SystemEnvironmentPropertySource
        ? origin.getPropertyName()
        : property.getName().toString();
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      if (root instanceof ConversionException) return root;
      root = root.getCause();
    }
    return root;
  }
}
