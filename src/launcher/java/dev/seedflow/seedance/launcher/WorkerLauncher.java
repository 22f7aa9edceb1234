package dev.seedflow.seedance.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The worker jar's entry point, compiled for Java 8 so that any Java can load it: on a Java older
 * than the worker needs, it stops with one line that says what to install, instead of an {@code
 * UnsupportedClassVersionError}'s stack trace. On a new enough Java it hands over to the worker's
 * real main class, loaded only then.
 */
public final class WorkerLauncher {
  /** Camunda 8.8's jars, and ours, are Java 21 bytecode. */
  static final int REQUIRED_MAJOR = 21;

  static final String WORKER_MAIN = "dev.seedflow.seedance.worker.StandaloneWorker";

  private WorkerLauncher() {}

  public static void main(String[] args) throws Throwable {
    int found = major(System.getProperty("java.specification.version", "0"));
    if (found < REQUIRED_MAJOR) {
      System.err.println(tooOld(found, System.getProperty("java.home", "?")));
      System.exit(1);
      return;
    }
    Method main = Class.forName(WORKER_MAIN).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  static String tooOld(int found, String javaHome) {
    return "Seedflow's worker needs Java "
        + REQUIRED_MAJOR
        + " or newer; found "
        + found
        + " ("
        + javaHome
        + "). "
        + "Run it with a JDK "
        + REQUIRED_MAJOR
        + "+: set JAVA_HOME to one and call $JAVA_HOME/bin/java -jar, "
        + "or install one (for example Temurin "
        + REQUIRED_MAJOR
        + ").";
  }

  /** "1.8" is 8, "17" is 17; anything unreadable is 0, which is too old. */
  static int major(String specification) {
    String s = specification.startsWith("1.") ? specification.substring(2) : specification;
    int end = 0;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
  }
}
