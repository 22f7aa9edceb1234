package dev.seedflow.seedance.worker.engine;

import io.camunda.client.api.CamundaFuture;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Limits how many engine commands (complete, fail, extend timeout, publish progress) are in flight
 * at once. The Camunda client answers each on a thread of its cached gRPC pool, so without a limit
 * a burst of 10,000 waiting jobs would grow that pool to thousands of threads. Commands beyond the
 * limit wait in a queue; nobody blocks.
 */
public final class CommandGate {
  private final Semaphore permits;
  private final Queue<Runnable> queued = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();

  public CommandGate(int concurrent) {
    this.permits = new Semaphore(concurrent);
  }

  /**
   * Sends a command that may be lost, unless {@code mostWaiting} or more wait already: then it is
   * dropped, and false says so. In a burst of thousands of videos, progress updates would otherwise
   * queue ahead of the commands that matter (a task id, a completion) and hold heap while they
   * wait.
   */
  <T> boolean offer(
      int mostWaiting,
      Supplier<CamundaFuture<T>> command,
      BiConsumer<? super T, Throwable> whenDone) {
    if (waiting.get() >= mostWaiting) return false;
    send(command, whenDone);
    return true;
  }

  <T> void send(Supplier<CamundaFuture<T>> command, BiConsumer<? super T, Throwable> whenDone) {
    waiting.incrementAndGet();
    queued.add(
        () -> {
          CamundaFuture<T> future;
          try {
            future = command.get();
          } catch (RuntimeException e) {
            permits.release();
            whenDone.accept(null, e);
            drain();
            return;
          }
          future.whenComplete(
              (result, error) -> {
                permits.release();
                whenDone.accept(result, error);
                drain();
              });
        });
    drain();
  }

  private void drain() {
    while (!queued.isEmpty() && permits.tryAcquire()) {
      Runnable next = queued.poll();
      if (next == null) {
        permits.release();
        return;
      }
      waiting.decrementAndGet();
      next.run();
    }
  }
}
