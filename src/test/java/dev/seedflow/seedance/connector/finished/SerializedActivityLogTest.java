package dev.seedflow.seedance.connector.finished;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.connector.api.inbound.Activity;
import io.camunda.connector.api.inbound.Severity;
import io.camunda.connector.runtime.core.inbound.ExecutableId;
import io.camunda.connector.runtime.core.inbound.activitylog.ActivityLogEntry;
import io.camunda.connector.runtime.core.inbound.activitylog.ActivityLogRegistry;
import io.camunda.connector.runtime.core.inbound.activitylog.ActivitySource;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The runtime's activity log, which every refused callback writes to, taken one write at a time
 * under a flood. The runtime's own class, under this same flood, threw on 205,586 of 800,000 writes
 * (five floods, measured once while writing this test): so the flood below fails the moment the
 * lock is gone.
 */
class SerializedActivityLogTest {
  private static final ExecutableId EVENT = ExecutableId.fromDeduplicationId("video-finished");
  private static final int THREADS = 8;
  private static final int REFUSALS_EACH = 20_000;

  /**
   * How many of the writes threw, written from {@value #THREADS} threads at once to one event's
   * log.
   */
  private static int brokenWrites(ActivityLogRegistry log) throws Exception {
    AtomicInteger broken = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        done.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < REFUSALS_EACH; i++) {
                    try {
                      log.log(
                          new ActivityLogEntry(
                              EVENT,
                              ActivitySource.RUNTIME,
                              new Activity(
                                  Severity.DEBUG,
                                  "POST",
                                  OffsetDateTime.now(),
                                  "refused",
                                  Map.of(),
                                  null)));
                    } catch (RuntimeException e) {
                      broken.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> f : done) f.get();
    } finally {
      threads.shutdownNow();
    }
    return broken.get();
  }

  @Test
  void aFloodOfRefusalsNeverBreaksTheLog() throws Exception {
    SerializedActivityLog log = new SerializedActivityLog(100);
    assertThat(brokenWrites(log)).isZero();
    assertThat(log.getLogs(EVENT)).as("the newest hundred kept").hasSize(100);
  }

  @Test
  void theRuntimesOwnLogIsReplacedAtItsSizeAndNothingElse() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource("runtime", Map.of(SerializedActivityLog.SIZE_PROPERTY, "3")));
    var replacing = SerializedActivityLog.replacing(environment);
    Object replaced =
        replacing.postProcessAfterInitialization(new ActivityLogRegistry(), "activityLogRegistry");
    assertThat(replaced).isInstanceOf(SerializedActivityLog.class);
    for (int i = 0; i < 5; i++) {
      ((ActivityLogRegistry) replaced)
          .log(
              new ActivityLogEntry(
                  EVENT,
                  ActivitySource.CONNECTOR,
                  new Activity(
                      Severity.INFO, "POST", OffsetDateTime.now(), "n" + i, Map.of(), null)));
    }
    assertThat(((ActivityLogRegistry) replaced).getLogs(EVENT))
        .as("the runtime's setting kept")
        .hasSize(3);
    Object other = new Object();
    assertThat(replacing.postProcessAfterInitialization(other, "other")).isSameAs(other);
    SerializedActivityLog already = new SerializedActivityLog(5);
    assertThat(replacing.postProcessAfterInitialization(already, "again")).isSameAs(already);
  }
}
