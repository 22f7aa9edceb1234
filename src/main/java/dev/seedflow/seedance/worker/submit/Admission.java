package dev.seedflow.seedance.worker.submit;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@link ProviderQueue} gives a job it admits: one slot in its lane at the provider and
 * one place among the creates in flight. Each goes back exactly once, by the one path that fits
 * what became of the create; a second return is a bug and throws, where a clamp would hide it and
 * let the queue drift until it admitted too many or too few.
 */
public final class Admission {
  private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

  private final ProviderQueue queue;
  private final String lane;
  private final ProviderQueue.Waiting waiting;
  private final AtomicBoolean placeBack = new AtomicBoolean();
  private final AtomicBoolean slotBack = new AtomicBoolean();

  Admission(ProviderQueue queue, String lane, ProviderQueue.Waiting waiting) {
    this.queue = queue;
    this.lane = lane;
    this.waiting = waiting;
  }

  /**
   * Until when the job is surely this worker's, by the extensions the engine confirmed while it
   * waited.
   */
  public Instant heldUntil() {
    return waiting.heldUntil();
  }

  /** The create was answered, or will never go out: the place is the next job's. */
  public void createDone() {
    once(placeBack, "place among the creates");
    queue.createDone();
  }

  /** Nothing was created, or the task is no one's to wait for: the lane's slot is free. */
  public void releaseSlot() {
    once(slotBack, "slot in lane " + lane);
    queue.release(lane);
  }

  /**
   * The provider's queue was full and nothing was created: the slot is free, and the job goes back
   * to the head of the line without spending a retry.
   */
  public void refusedAsFull() {
    once(slotBack, "slot in lane " + lane);
    queue.full(lane, waiting);
  }

  /**
   * The provider made the task: the slot is the task's from now on, given back by its wait when it
   * ends.
   */
  public void slotToTheTask() {
    once(slotBack, "slot in lane " + lane);
  }

  /** Gives back whatever is still held: for a bug's path, after which nothing else runs. */
  void releaseWhatIsHeld() {
    if (!placeBack.get()) createDone();
    if (!slotBack.get()) releaseSlot();
  }

  private void once(AtomicBoolean back, String what) {
    if (!back.compareAndSet(false, true)) {
      IllegalStateException twice =
          new IllegalStateException(
              "job " + waiting.job().jobKey() + " gave back its " + what + " twice: a bug");
      LOG.error("The provider queue's count would drift", twice);
      throw twice;
    }
  }
}
