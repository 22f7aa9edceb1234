package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.worker.inputs.LookupSecrets;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import io.camunda.client.CamundaClient;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Build, then start: building a worker starts nothing, and a start that fails on the way gives back
 * everything it had started. No engine is needed to show it: the client points at a closed port,
 * and a client connects only when asked something.
 */
class WorkerStartTest {

  /** The worker's own threads now alive that were not before. */
  private static List<String> seedflowThreadsBeyond(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(thread -> !before.contains(thread))
        .map(Thread::getName)
        .filter(name -> name.startsWith("seedflow-"))
        .toList();
  }

  private static SeedanceWorker build(CamundaClient camunda, Map<String, String> settings) {
    WorkerSettings worker = WorkerSettings.of(settings);
    return new SeedanceWorker(
        camunda,
        new SeedanceClient(worker.clientSettings()),
        new LookupSecrets(name -> null),
        SeedanceWorker.documentsOf(camunda),
        PriceTable.EMPTY,
        worker);
  }

  private static CamundaClient nowhere() {
    return CamundaClient.newClientBuilder()
        .grpcAddress(URI.create("http://127.0.0.1:9"))
        .restAddress(URI.create("http://127.0.0.1:9"))
        .build();
  }

  @Test
  void aStartThatFailsGivesBackWhatItStartedAndBuildingStartsNothing() throws Exception {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    try (CamundaClient camunda = nowhere();
        ServerSocket taken = new ServerSocket(0)) {
      SeedanceWorker worker =
          build(
              camunda,
              Map.of(
                  "callbacks.url", "https://workers.example.com",
                  "callbacks.secret", "a-secret-of-thirty-two-characters!",
                  "callbacks.port", String.valueOf(taken.getLocalPort())));
      assertThat(seedflowThreadsBeyond(before)).as("built, nothing runs").isEmpty();

      // The line's clock starts first; the callback port, taken by another, fails next.
      assertThatThrownBy(worker::start)
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("the port " + taken.getLocalPort() + " could not be opened")
          .hasMessageContaining("seedflow.worker.callbacks.port");
      await("the threads the failed start took end")
          .atMost(Duration.ofSeconds(10))
          .until(() -> seedflowThreadsBeyond(before).isEmpty());
      assertThat(worker.ready()).isFalse();
      assertThat(worker.handedBack()).as("it took no job").isZero();
    }
  }

  @Test
  void aWorkerClosedBeforeItsStartStartsNothing() {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    try (CamundaClient camunda = nowhere()) {
      SeedanceWorker worker = build(camunda, Map.of());
      worker.close(); // a stop that came while it was being built
      worker.start();
      assertThat(worker.ready()).isFalse();
      await("nothing was started, and what closing used has ended")
          .atMost(Duration.ofSeconds(10))
          .until(() -> seedflowThreadsBeyond(before).isEmpty());
      assertThatThrownBy(worker::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the Seedance worker was started already");
    }
  }
}
