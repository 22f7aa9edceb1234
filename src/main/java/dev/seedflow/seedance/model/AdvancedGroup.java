package dev.seedflow.seedance.model;

/**
 * The "Advanced" group of the generate template and the connector's: the options most people leave
 * as they are, closed until opened, so the everyday ones stand alone in "Options". Named once here,
 * as both templates declare it.
 */
public final class AdvancedGroup {
  public static final String ID = "advanced";
  public static final String LABEL = "Advanced";
  public static final String TOOLTIP =
      "Seeds, callbacks, service tier, priority and what the provider sees of you: leave them as"
          + " they are unless you need one.";

  private AdvancedGroup() {}
}
