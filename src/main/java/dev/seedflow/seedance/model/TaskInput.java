package dev.seedflow.seedance.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.camunda.connector.generator.dsl.Property.FeelMode;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyConstraints;

/** The {@code task.*} variables: which task to read or cancel. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskInput(
    @TemplateProperty(
            id = "taskId",
            group = "task",
            label = "Task id",
            feel = FeelMode.optional,
            constraints = @PropertyConstraints(notEmpty = true),
            tooltip =
                "The id of the video task, as the create step returned it, for example"
                    + " =videoTask.taskId.")
        String id) {}
