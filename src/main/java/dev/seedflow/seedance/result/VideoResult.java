package dev.seedflow.seedance.result;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.cost.Cost;
import dev.seedflow.seedance.cost.CostEstimate;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.store.KeptMedia;
import io.camunda.connector.api.document.Document;

/**
 * What a step completes with: the task as the provider reported it, the documents its video and last frame were kept
 * as, the estimate made before it was paid, and what it cost. The documents are written by the connectors runtime's
 * own document serializer, so they are Camunda document references exactly as the platform writes them, which forms,
 * Tasklist and other connectors read.
 *
 * @param estimate null where nothing was submitted by this step (a read, an await)
 * @param cost null unless the task reported its usage and a price for its model is configured
 */
public record VideoResult(@JsonUnwrapped TaskSnapshot task, Document videoDocument, Document lastFrameDocument, CostEstimate estimate,
    Cost cost) {

  public static VideoResult of(TaskSnapshot task, KeptMedia kept, CostEstimate estimate, PriceTable prices) {
    return new VideoResult(task, kept.video(), kept.lastFrame(), estimate, Cost.of(task, prices).orElse(null));
  }
}
