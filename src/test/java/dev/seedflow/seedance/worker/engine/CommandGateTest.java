package dev.seedflow.seedance.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.CamundaFuture;
import io.camunda.client.impl.CamundaClientFutureImpl;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The gate holds commands beyond its limit in a queue, sends them as earlier ones finish, and never
 * blocks the caller.
 */
class CommandGateTest {

  @Test
  void noMoreThanTheLimitAreInFlightAndTheRestFollowInOrder() {
    CommandGate gate = new CommandGate(2);
    List<CamundaClientFutureImpl<String, ?>> sent = new ArrayList<>();
    List<String> done = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String name = "command " + i;
      gate.send(
          () -> {
            CamundaClientFutureImpl<String, ?> future = new CamundaClientFutureImpl<>();
            sent.add(future);
            return future;
          },
          (result, error) -> done.add(name));
    }
    assertThat(sent).as("only two sent; the caller was not blocked").hasSize(2);
    sent.get(0).complete("ok");
    assertThat(sent).hasSize(3);
    sent.get(1).completeExceptionally(new IllegalStateException("engine said no"));
    sent.get(2).complete("ok");
    assertThat(sent).hasSize(5);
    sent.get(3).complete("ok");
    sent.get(4).complete("ok");
    assertThat(done)
        .containsExactly("command 0", "command 1", "command 2", "command 3", "command 4");
  }

  @Test
  void aCommandThatCannotEvenBeSentFreesItsPlace() {
    CommandGate gate = new CommandGate(1);
    AtomicInteger failures = new AtomicInteger();
    List<CamundaFuture<String>> sent = new ArrayList<>();
    gate.send(
        () -> {
          throw new IllegalStateException("client closed");
        },
        (result, error) -> failures.incrementAndGet());
    gate.send(
        () -> {
          CamundaClientFutureImpl<String, ?> future = new CamundaClientFutureImpl<>();
          sent.add(future);
          return future;
        },
        (result, error) -> {});
    assertThat(failures).hasValue(1);
    assertThat(sent).as("the next command went out").hasSize(1);
  }

  @Test
  void aCommandThatMayBeLostIsDroppedWhileManyWait() {
    CommandGate gate = new CommandGate(1);
    List<CamundaClientFutureImpl<String, ?>> sent = new ArrayList<>();
    java.util.function.Supplier<CamundaFuture<String>> command =
        () -> {
          CamundaClientFutureImpl<String, ?> future = new CamundaClientFutureImpl<>();
          sent.add(future);
          return future;
        };
    assertThat(gate.offer(2, command, (result, error) -> {})).as("nothing waits: sent").isTrue();
    gate.send(command, (result, error) -> {});
    gate.send(command, (result, error) -> {});
    assertThat(gate.offer(2, command, (result, error) -> {})).as("two wait: dropped").isFalse();
    sent.getFirst().complete("ok");
    assertThat(gate.offer(2, command, (result, error) -> {}))
        .as("one waits again: queued")
        .isTrue();
    sent.get(1).complete("ok");
    sent.get(2).complete("ok");
    assertThat(sent).as("the dropped one never went out").hasSize(4);
  }
}
