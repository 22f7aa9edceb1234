package dev.seedflow.seedance.simulator;

/** The API a task was created through; its answers are rendered in the same dialect. */
enum WireFormat {
  ARK,
  UNIFIED,
  UNIFIED_LEGACY,
  OPENAI_COMPATIBLE,
  FAL,
  REPLICATE
}
