package dev.seedflow.seedance.request;

import java.util.regex.Pattern;

/**
 * What a task id may look like, whoever wrote it: a user in {@code task.id}, or a provider in its
 * answer. A task id becomes a path segment of the next request, so it holds no slash, no dots alone
 * ({@code ..} would climb out of the path) and nothing that needs escaping.
 */
public final class TaskIds {
  public static final int MAX_LENGTH = 200;
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.:~-]{1," + MAX_LENGTH + "}");
  static final String RULE =
      "at most " + MAX_LENGTH + " letters, digits and _ . : ~ -, and not only dots";

  private TaskIds() {}

  public static boolean isSafe(String id) {
    return id != null && SAFE.matcher(id).matches() && !isDotsOnly(id);
  }

  /** Whether a path segment is only dots: {@code ..} would climb out of the path it is put in. */
  public static boolean isDotsOnly(String segment) {
    return segment.chars().allMatch(c -> c == '.');
  }
}
