package dev.seedflow.seedance.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median and 95th percentile of a sample. */
record Stats(double median, double p95, int count) {
  static Stats of(List<Double> values) {
    if (values.isEmpty()) return new Stats(Double.NaN, Double.NaN, 0);
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return new Stats(at(sorted, 0.5), at(sorted, 0.95), sorted.size());
  }

  private static double at(List<Double> sorted, double quantile) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(quantile * sorted.size())));
  }
}
