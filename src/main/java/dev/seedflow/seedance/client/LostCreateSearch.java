package dev.seedflow.seedance.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.TaskIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the provider's task list page by page for the task of a lost create ({@link
 * SeedanceClient#findLostCreate}), and decides what it says. Each item is read on its own, so one
 * the provider garbled spoils no other; but an item that cannot be read, or echoes no seed, might
 * be the task, so the verdict is then {@link LostCreate.Unclear}, never "not made".
 */
final class LostCreateSearch {
  /** Ark's largest page (Replicate's pages hold 100, whatever is asked). */
  static final int PAGE_SIZE = 500;

  /**
   * 10,000 of Ark's tasks of one model (2,000 of Replicate's) since the create: beyond that the
   * search stops and a person decides.
   */
  static final int MOST_PAGES = 20;

  private final CreateFingerprint fingerprint;
  private final Instant since;
  private final List<TaskSnapshot> matches = new ArrayList<>();
  private int unreadable;

  /**
   * Whether the creation times seen so far never grew: then a page older than {@code since} ends
   * the search.
   */
  private boolean newestFirst = true;

  private Instant lastCreated;

  LostCreateSearch(CreateFingerprint fingerprint, Instant since) {
    this.fingerprint = fingerprint;
    this.since = since;
  }

  /**
   * Takes the next page's items ({@link dev.seedflow.seedance.client.dialect.Dialect#listItems});
   * true when, the list being newest first, no later page can hold the task. Whether a page is the
   * last is the dialect's to say: the answer's total is not trusted to end the search early, since
   * a total too small would hide the task on a later page, and "not made" would then pay twice.
   */
  boolean take(JsonNode items) {
    if (!items.isArray()) {
      throw SeedanceException.of(
              ErrorCode.BAD_RESPONSE, "the provider's task list answer holds no list of tasks")
          .build();
    }
    for (JsonNode item : items) {
      takeItem(item.isObject() ? SnapshotParser.ListItem.of(item).task() : null);
    }
    return newestFirst && lastCreated != null && lastCreated.isBefore(since);
  }

  /** One item of the list, or null where it could not be read. */
  private void takeItem(TaskSnapshot task) {
    if (task == null) {
      unreadable++;
      return;
    }
    if (task.model() != null && !task.model().equals(fingerprint.model()))
      return; // another model's, in a list of every model's (Replicate)
    Instant created = instant(task.createdAt());
    if (created != null) {
      if (lastCreated != null && created.isAfter(lastCreated)) newestFirst = false;
      lastCreated = created;
      if (created.isBefore(since)) return;
    }
    if (task.seed() == null) {
      unreadable++; // it may be the task: nothing tells
    } else if (fingerprint.matches(task)) {
      if (TaskIds.isSafe(task.taskId())) matches.add(task);
      else unreadable++;
    }
  }

  /** What the pages taken say. */
  LostCreate verdict() {
    List<String> ids = matches.stream().map(TaskSnapshot::taskId).toList();
    if (unreadable > 0) {
      return new LostCreate.Unclear(
          unreadable
              + " task(s) of the provider's list since then could not be read or echo no seed",
          ids);
    }
    if (matches.size() > 1) {
      return new LostCreate.Unclear(matches.size() + " tasks made since then match it", ids);
    }
    if (matches.size() == 1 && !fingerprint.identifiesOneCreate()) {
      return new LostCreate.Unclear(
          "one task made since then matches it, but its seed was given in the model, so other"
              + " instances' tasks share it",
          ids);
    }
    return matches.isEmpty() ? new LostCreate.NotMade() : new LostCreate.Found(matches.getFirst());
  }

  /** The search read {@link #MOST_PAGES} pages and the list went on. */
  LostCreate tooLong() {
    return new LostCreate.Unclear(
        "the provider's list holds more than "
            + MOST_PAGES
            + " pages of tasks since then, more than is searched",
        matches.stream().map(TaskSnapshot::taskId).toList());
  }

  private static Instant instant(String text) {
    if (text == null) return null;
    try {
      return Instant.parse(text);
    } catch (RuntimeException notATime) {
      return null;
    }
  }
}
