package dev.seedflow.seedance.client;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import java.io.IOException;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Reads an answer's body with a byte limit, so a provider (or whatever answers at its address)
 * cannot fill the heap: a task is a few KB and Ark's list of 500 tasks well under a megabyte.
 * Compressed bodies are never asked for (the client sends {@code Accept-Encoding: identity}), so
 * what is counted is what is kept.
 */
final class BoundedBody {
  /** 4 MiB: eight times the largest honest answer (a 500-task list page). */
  static final long MAX_BYTES = 4L * 1024 * 1024;

  private BoundedBody() {}

  /**
   * @throws TooLarge when the body is longer than {@code maxBytes}; nothing beyond the limit is
   *     read
   * @throws IOException when the connection fails while reading
   */
  static String read(Response response, long maxBytes) throws IOException, TooLarge {
    long declared = response.body().contentLength();
    if (declared > maxBytes) {
      throw new TooLarge(declared, maxBytes);
    }
    BufferedSource source = response.body().source();
    if (source.request(maxBytes + 1)) {
      throw new TooLarge(-1, maxBytes);
    }
    return source.getBuffer().readUtf8();
  }

  /** An answer longer than the limit; thrown before the rest of it is read. */
  static final class TooLarge extends Exception {
    TooLarge(long declared, long maxBytes) {
      super(
          "the provider's answer is larger than the "
              + (maxBytes / 1024)
              + " KB this client reads"
              + (declared > 0 ? " (it announced " + declared + " bytes)" : ""));
    }

    SeedanceException asBadResponse(String taskId) {
      return SeedanceException.of(ErrorCode.BAD_RESPONSE, getMessage() + "; it was not read")
          .taskId(taskId)
          .build();
    }
  }
}
