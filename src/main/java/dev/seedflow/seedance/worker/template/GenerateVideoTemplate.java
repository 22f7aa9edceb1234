package dev.seedflow.seedance.worker.template;

import dev.seedflow.seedance.model.AdvancedGroup;
import dev.seedflow.seedance.model.BudgetInput;
import dev.seedflow.seedance.model.JobTypes;
import dev.seedflow.seedance.model.ProcessBudgetInput;
import dev.seedflow.seedance.model.ProviderInput;
import dev.seedflow.seedance.model.StoreInput;
import dev.seedflow.seedance.model.VideoInput;
import dev.seedflow.seedance.model.WaitInput;
import io.camunda.connector.api.annotation.Operation;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.annotation.Variable;
import io.camunda.connector.api.outbound.OutboundConnectorProvider;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.camunda.connector.generator.java.annotation.ElementTemplate.PropertyGroup;

/**
 * Describes the "Generate video" element template. The job type is served by the paired worker, not
 * by the connectors runtime; this class only carries the template's annotations and is registered
 * nowhere.
 */
@OutboundConnector(name = "Seedance: generate video", type = JobTypes.GENERATE)
@ElementTemplate(
    engineVersion = "^8.8",
    id = "dev.seedflow.seedance.generate",
    name = "Seedance: generate video",
    version = 1,
    description =
        "Makes a Seedance 2.0 video and waits for it, without holding a thread, for minutes or"
            + " hours. Completes with the video URL.",
    icon = "seedance-icon.svg",
    defaultResultVariable = "generatedVideo",
    metadata =
        @ElementTemplate.Metadata(
            keywords = {
              "seedance",
              "video",
              "ai video",
              "generate video",
              "text to video",
              "image to video"
            }),
    propertyGroups = {
      @PropertyGroup(id = "provider", label = "Provider"),
      @PropertyGroup(id = "video", label = "Video"),
      @PropertyGroup(id = "options", label = "Options"),
      @PropertyGroup(id = "wait", label = "Waiting"),
      @PropertyGroup(id = "budget", label = "Budget"),
      @PropertyGroup(id = "store", label = "Keep the video"),
      @PropertyGroup(
          id = AdvancedGroup.ID,
          label = AdvancedGroup.LABEL,
          tooltip = AdvancedGroup.TOOLTIP,
          openByDefault = false)
    })
public final class GenerateVideoTemplate implements OutboundConnectorProvider {
  /**
   * Gives the template its fields, in the same form as the connector's operations, so the annotated
   * model works identically in every template. The job itself is the worker's, never this class's.
   */
  @Operation(id = "generate", name = "Make a video and wait for it")
  public Object generate(
      @Variable("provider") ProviderInput provider,
      @Variable("video") VideoInput video,
      @Variable("wait") WaitInput wait,
      @Variable("store") StoreInput store,
      @Variable("budget") BudgetInput budget,
      @Variable("budget") ProcessBudgetInput processBudget) {
    throw new UnsupportedOperationException(
        "The job type of this template is served by the Seedflow worker (SeedanceWorker), not by"
            + " the connectors runtime");
  }
}
