package dev.seedflow.seedance.client;

import java.io.Closeable;
import java.io.InputStream;
import okhttp3.Response;

/**
 * An open download of a task's media: a stream that ends with a {@link DownloadFailure} if the body
 * grows past the size limit. Close it when done; the bytes are never held in memory here.
 *
 * @param declaredSize the announced length, or -1
 */
public record ResultMedia(
    InputStream body, String contentType, long declaredSize, Response response)
    implements Closeable {
  @Override
  public void close() {
    response.close();
  }
}
