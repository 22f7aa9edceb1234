package dev.seedflow.seedance.error;

/**
 * One thing wrong with a request, named by its public variable (for example {@code
 * video.duration}).
 */
public record Problem(String field, String message) {
  @Override
  public String toString() {
    return field + " " + message;
  }
}
