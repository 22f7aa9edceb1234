package dev.seedflow.seedance.model;

/**
 * ISO-8601 durations such as PT10S or PT2H, or a FEEL expression, for the Modeler's check before
 * deployment. Empty is accepted too, as the Modeler checks patterns on empty fields and an empty
 * one means the default.
 */
final class DurationPattern {
  static final String ISO_8601 =
      "^(|=.*|P(?!$)([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?)?)$";

  private DurationPattern() {}
}
