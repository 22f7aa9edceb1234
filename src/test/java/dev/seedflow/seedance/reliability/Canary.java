package dev.seedflow.seedance.reliability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.seedflow.seedance.local.LocalRuntime;
import io.camunda.zeebe.protocol.record.Record;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * A canary API key and the places it must never appear. Open it after the local runtime started:
 * Spring Boot resets the logging system when it starts, which would drop the appender that watches
 * the logs. The places: any log line (with its stack trace), any engine record (variables, incident
 * messages, job error messages and error variables), any text the test collected elsewhere
 * (exception messages, the log lines of other processes).
 */
final class Canary implements AutoCloseable {
  static final String KEY = "sk-canary-7f3a9c1e5b2d48e6";

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  Canary() {
    logs.start();
    root.addAppender(logs);
  }

  /** Every place the key was found, described; empty when it leaked nowhere. */
  List<String> leaks(LocalRuntime runtime, List<String> otherTexts) {
    List<String> leaks = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(logs.list)) {
      String text =
          event.getFormattedMessage()
              + (event.getThrowableProxy() == null
                  ? ""
                  : ThrowableProxyUtil.asString(event.getThrowableProxy()));
      if (text.contains(KEY)) leaks.add("log line of " + event.getLoggerName());
    }
    for (Record<?> record : runtime.engine().records()) {
      if (record.toJson().contains(KEY))
        leaks.add("engine record " + record.getValueType() + " " + record.getIntent());
    }
    otherTexts.stream()
        .filter(text -> text.contains(KEY))
        .forEach(text -> leaks.add("text: " + text));
    return leaks;
  }

  /**
   * The ERROR lines, with their stack traces, of loggers under {@code prefix}: to show that a test
   * saw the log it checks.
   */
  List<String> errorLinesOf(String prefix) {
    return List.copyOf(logs.list).stream()
        .filter(
            event -> event.getLevel() == Level.ERROR && event.getLoggerName().startsWith(prefix))
        .map(
            event ->
                event.getFormattedMessage()
                    + (event.getThrowableProxy() == null
                        ? ""
                        : ThrowableProxyUtil.asString(event.getThrowableProxy())))
        .toList();
  }

  int logLines() {
    return logs.list.size();
  }

  @Override
  public void close() {
    root.detachAppender(logs);
    logs.stop();
  }
}
