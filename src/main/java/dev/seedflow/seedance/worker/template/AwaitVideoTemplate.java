package dev.seedflow.seedance.worker.template;

import dev.seedflow.seedance.model.JobTypes;
import dev.seedflow.seedance.model.ProviderInput;
import dev.seedflow.seedance.model.StoreInput;
import dev.seedflow.seedance.model.TaskInput;
import dev.seedflow.seedance.model.WaitInput;
import io.camunda.connector.api.annotation.Operation;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.annotation.Variable;
import io.camunda.connector.api.outbound.OutboundConnectorProvider;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.camunda.connector.generator.java.annotation.ElementTemplate.PropertyGroup;

/**
 * Describes the "Wait for video task" element template, served by the paired worker; this class
 * only carries the template's annotations and is registered nowhere.
 */
@OutboundConnector(name = "Seedance: wait for video task", type = JobTypes.AWAIT)
@ElementTemplate(
    engineVersion = "^8.8",
    id = "dev.seedflow.seedance.await",
    name = "Seedance: wait for video task",
    version = 1,
    description =
        "Waits for a Seedance video task made earlier (by 'Make a video' or any other way) and"
            + " completes with the video URL.",
    icon = "seedance-icon.svg",
    defaultResultVariable = "generatedVideo",
    metadata = @ElementTemplate.Metadata(keywords = {"seedance", "video", "wait", "await video"}),
    propertyGroups = {
      @PropertyGroup(id = "provider", label = "Provider"),
      @PropertyGroup(id = "task", label = "Task"),
      @PropertyGroup(id = "wait", label = "Waiting"),
      @PropertyGroup(id = "store", label = "Keep the video")
    })
public final class AwaitVideoTemplate implements OutboundConnectorProvider {
  /**
   * Gives the template its fields, in the same form as the connector's operations, so the annotated
   * model works identically in every template. The job itself is the worker's, never this class's.
   */
  @Operation(id = "await", name = "Wait for a video task")
  public Object await(
      @Variable("provider") ProviderInput provider,
      @Variable("task") TaskInput task,
      @Variable("wait") WaitInput wait,
      @Variable("store") StoreInput store) {
    throw new UnsupportedOperationException(
        "The job type of this template is served by the Seedflow worker (SeedanceWorker), not by"
            + " the connectors runtime");
  }
}
