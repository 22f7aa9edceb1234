package dev.seedflow.seedance.client;

import java.util.List;

/**
 * What the provider's task list says of a create whose answer was lost (a worker killed inside the
 * call, a 5xx, a broken connection): the task it made, that it made none, or that the list cannot
 * tell, and then a person decides.
 */
public sealed interface LostCreate {

  /**
   * Exactly one task echoes the create's fingerprint, and the fingerprint identifies one create:
   * that is the task.
   */
  record Found(TaskSnapshot task) implements LostCreate {}

  /**
   * No task made since the create echoes its fingerprint: the provider took nothing, so submitting
   * anew pays once.
   */
  record NotMade() implements LostCreate {}

  /**
   * The list cannot tell: several tasks match, one matches a fingerprint that several creates share
   * (a designer's own seed), or an item of the list could not be read.
   *
   * @param candidates the ids of the tasks that match, for the person who decides
   */
  record Unclear(String why, List<String> candidates) implements LostCreate {}
}
