package dev.seedflow.seedance.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The one place every message is built: it must never say something the case at hand makes untrue.
 */
class SeedanceExceptionTest {
  @Test
  void aCaseOfItsOwnReplacesTheCodesGeneralAdviceAndKeepsItWhenRedacted() {
    SeedanceException noRoom =
        SeedanceException.of(
                ErrorCode.WAIT_TIMEOUT,
                "the provider's queue had no room for this video within "
                    + "wait.timeout, so nothing was submitted and nothing was paid sk-secret")
            .advice("Raise wait.timeout.")
            .build();
    assertThat(noRoom.getMessage())
        .endsWith("nothing was paid sk-secret. Raise wait.timeout.")
        .doesNotContain(ErrorCode.WAIT_TIMEOUT.advice());
    assertThat(
            noRoom
                .redacted(text -> text == null ? null : text.replace("sk-secret", "***"))
                .getMessage())
        .endsWith("nothing was paid ***. Raise wait.timeout.");
    assertThat(
            SeedanceException.of(ErrorCode.WAIT_TIMEOUT, "the task was still running")
                .build()
                .getMessage())
        .endsWith(ErrorCode.WAIT_TIMEOUT.advice());
  }

  @Test
  void noAdvicePromisesARetryThatMayNotCome() {
    for (ErrorCode code : ErrorCode.values()) {
      if (code.advice().contains("retried")) {
        assertThat(code.advice())
            .as(code.code() + " is read on an incident too, when no retry is left")
            .contains("while it has retries left");
      }
    }
  }
}
