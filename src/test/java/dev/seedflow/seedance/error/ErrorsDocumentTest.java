package dev.seedflow.seedance.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/errors.md says what {@link FailurePolicy} does, code by code: the table is tested against
 * the one policy.
 */
class ErrorsDocumentTest {
  private static List<String> rows() throws IOException {
    return Files.readAllLines(Path.of("docs/errors.md")).stream()
        .filter(line -> line.startsWith("| `SEEDANCE_"))
        .toList();
  }

  private static String rowOf(ErrorCode code) throws IOException {
    return rows().stream()
        .filter(row -> row.substring(0, row.indexOf(" | ", 2)).contains("`" + code.code() + "`"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("docs/errors.md has no row for " + code.code()));
  }

  private static String retriedColumn(String row) {
    String[] cells = row.split(" \\| ");
    return cells[cells.length - 1].replace(" |", "").strip();
  }

  @Test
  void everyCodeHasARowWhoseRetriedColumnIsThePolicys() throws IOException {
    for (ErrorCode code : ErrorCode.values()) {
      String retried = retriedColumn(rowOf(code));
      assertThat(retried.startsWith("yes"))
          .as(code.code() + ": " + retried)
          .isEqualTo(FailurePolicy.retries(code));
    }
  }

  @Test
  void theRowsSayWhenAWaitReadsItsTaskAgainAndHowOften() throws IOException {
    for (ErrorCode code : ErrorCode.values()) {
      String retried = retriedColumn(rowOf(code));
      boolean readsAgain = FailurePolicy.readsAgain(code, 0);
      assertThat(retried.contains("status read"))
          .as(code.code() + ": " + retried)
          .isEqualTo(readsAgain);
      if (!readsAgain) continue;
      if (!FailurePolicy.readsAgain(code, Integer.MAX_VALUE - 1)) {
        int times = 0;
        while (FailurePolicy.readsAgain(code, times)) times++;
        assertThat(retried).as(code.code()).contains("tried " + times + " times in a row");
      } else {
        assertThat(retried).as(code.code()).contains("for as long as the wait lasts");
      }
    }
  }
}
