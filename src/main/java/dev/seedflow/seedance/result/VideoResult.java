package dev.seedflow.seedance.result;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.cost.Cost;
import dev.seedflow.seedance.cost.CostEstimate;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.store.KeptMedia;
import io.camunda.connector.api.document.Document;

/**
 * What a step completes with: the task as the provider reported it, the documents its video and
 * last frame were kept as, the estimate made before it was paid, and what it cost. The documents
 * are written by the connectors runtime's own document serializer, so they are Camunda document
 * references exactly as the platform writes them, which forms, Tasklist and other connectors read.
 *
 * @param storeWarning why a file asked to be kept is not, where the designer chose to go on ({@code
 *     store.onTooLarge: continue}); null otherwise. The video is then only at its URL, for about 24
 *     hours
 * @param estimate null where nothing was submitted by this step (a read, an await)
 * @param cost null unless the task reported its usage and a price for its model is configured
 */
public record VideoResult(
    @JsonUnwrapped TaskSnapshot task,
    Document videoDocument,
    Document lastFrameDocument,
    String storeWarning,
    CostEstimate estimate,
    Cost cost) {

  public static VideoResult of(
      TaskSnapshot task, KeptMedia kept, CostEstimate estimate, PriceTable prices) {
    return new VideoResult(
        task,
        kept.video(),
        kept.lastFrame(),
        kept.warning(),
        estimate,
        Cost.of(task, estimate, prices).orElse(null));
  }
}
