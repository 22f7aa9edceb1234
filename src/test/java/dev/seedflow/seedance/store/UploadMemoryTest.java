package dev.seedflow.seedance.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.DownloadLimits;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The heap's share for uploads: the size setting is capped at what the heap can take, with the
 * reason in the limit, and uploads at once never hold more than the share. The proof on a real JVM
 * of 256 MB is {@code ./seedance smoke}.
 */
class UploadMemoryTest {
  private static final long MB = 1024 * 1024;
  private final UploadMemory memory = new UploadMemory(256 * MB);

  @Test
  void aSettingOverWhatTheHeapCanUploadIsCappedAndSaysWhy() {
    DownloadLimits capped =
        memory.cap(
            new DownloadLimits(500 * MB, Duration.ofMinutes(10)), "seedflow.worker.store-max-size");
    assertThat(capped.maxBytes()).isEqualTo(256 * MB / 2 / 3);
    assertThat(capped.whyThisSize())
        .contains("seedflow.worker.store-max-size is 500 MB")
        .contains("heap of 256 MB")
        .contains("at most 42 MB")
        .contains("-Xmx");
    assertThat(capped.timeLimit()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aSettingTheHeapCanTakeIsKeptAsItIs() {
    DownloadLimits small = new DownloadLimits(40 * MB, Duration.ofMinutes(10));
    assertThat(memory.cap(small, "seedflow.worker.store-max-size")).isSameAs(small);
  }

  @Test
  void uploadsAtOnceNeverHoldMoreThanTheShare() throws InterruptedException {
    Optional<UploadMemory.Share> first = memory.reserve(40 * MB, Duration.ZERO);
    assertThat(first).as("3 x 40 MB fit in half of 256 MB").isPresent();
    assertThat(memory.reserve(40 * MB, Duration.ofMillis(50)))
        .as("a second 3 x 40 MB does not")
        .isEmpty();
    assertThat(memory.reserve(1 * MB, Duration.ZERO))
        .as("a small file still fits beside the first")
        .isPresent();
    first.get().close();
    first.get().close(); // closing twice gives back once
    assertThat(memory.reserve(40 * MB, Duration.ZERO)).isPresent();
    assertThat(memory.reserve(40 * MB, Duration.ZERO)).as("given back once, not twice").isEmpty();
  }
}
