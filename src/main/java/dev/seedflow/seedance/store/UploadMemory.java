package dev.seedflow.seedance.store;

import dev.seedflow.seedance.client.DownloadLimits;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heap that keeping videos may take, one budget for the whole JVM (the worker's keeper and the
 * connector's share it). The Camunda client of 8.8 cannot stream a document upload: it writes the
 * multipart body into a {@code ByteArrayOutputStream} and copies that into the request, so a file
 * costs up to {@value #COPIES} times its size in heap while it is handed over. Half the heap is
 * given to uploads. A file larger than its share is refused, by the size limit, before a byte of it
 * is read, and uploads at once wait for their share: no size or number of videos runs the JVM out
 * of memory.
 */
public final class UploadMemory {
  private static final Logger LOG = LoggerFactory.getLogger(UploadMemory.class);

  /**
   * Heap per byte of a file while the Camunda client uploads it: the growing buffer (up to twice
   * the size) and its copy.
   */
  static final int COPIES = 3;

  private static final int KIB = 1024;
  private static final UploadMemory THIS_JVM = new UploadMemory(Runtime.getRuntime().maxMemory());

  private final long heap;
  private final long budget;
  private final Semaphore kibibytes;

  UploadMemory(long heap) {
    this.heap = heap;
    this.budget = heap / 2;
    this.kibibytes = new Semaphore((int) Math.min(Integer.MAX_VALUE, budget / KIB));
  }

  public static UploadMemory ofThisJvm() {
    return THIS_JVM;
  }

  /** The largest file this heap can hand to the document store. */
  long largestFile() {
    return budget / COPIES;
  }

  /**
   * The limits, with the size capped at what this heap can upload. A cap is logged once here, and
   * its reason is part of every "too large" message, so that an operator learns that the heap, not
   * the setting, refused the video.
   */
  public DownloadLimits cap(DownloadLimits wanted, String setting) {
    if (wanted.maxBytes() <= largestFile()) return wanted;
    String why =
        setting
            + " is "
            + DownloadLimits.megabytes(wanted.maxBytes())
            + ", but this JVM's heap of "
            + DownloadLimits.megabytes(heap)
            + " can hold at most "
            + DownloadLimits.megabytes(largestFile())
            + " while the Camunda client uploads a file (it copies the whole file into memory);"
            + " give the JVM a larger heap (-Xmx, or -XX:MaxRAMPercentage in a container) to keep"
            + " larger videos";
    LOG.warn(
        "Videos over {} are not kept as documents: {}",
        DownloadLimits.megabytes(largestFile()),
        why);
    return wanted.withMaxBytes(largestFile(), why);
  }

  /**
   * Holds this heap's share for uploading a file, waiting at most {@code wait} for uploads in
   * progress to give theirs back.
   *
   * @param fileBytes the file's announced size, or its limit when none is announced
   * @return the share to close once the upload is done, or empty when it was not free in time
   */
  Optional<Share> reserve(long fileBytes, Duration wait) throws InterruptedException {
    long bytes = fileBytes > budget / COPIES ? budget : fileBytes * COPIES;
    int permits = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / KIB));
    boolean held =
        kibibytes.tryAcquire(permits, Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    return held ? Optional.of(new Share(permits)) : Optional.empty();
  }

  /** Memory held for one upload; closing gives it back. */
  final class Share implements AutoCloseable {
    private final int permits;
    private boolean closed;

    private Share(int permits) {
      this.permits = permits;
    }

    @Override
    public synchronized void close() {
      if (closed) return;
      closed = true;
      kibibytes.release(permits);
    }
  }
}
