package dev.seedflow.seedance.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.Pattern;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyConstraints;

/** The {@code wait.*} variables: how long to wait for the video, and how often to look at most. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WaitInput(
    @TemplateProperty(
            id = "waitTimeout",
            group = "wait",
            label = "Give up waiting after",
            defaultValue = "PT2H",
            constraints =
                @PropertyConstraints(
                    pattern =
                        @Pattern(
                            value = DurationPattern.ISO_8601,
                            message = "Must be an ISO-8601 duration such as PT2H or PT30M")),
            tooltip =
                "How long the process waits for the video before it stops with an incident"
                    + " (SEEDANCE_WAIT_TIMEOUT). The task is read once more at that moment, so a"
                    + " video finished by then completes the step. Videos usually take one to five"
                    + " minutes, but a busy provider can queue them for hours. Example: PT2H.")
        String timeout,
    @TemplateProperty(
            id = "pollInterval",
            group = "wait",
            label = "Check at most every",
            defaultValue = "PT10S",
            constraints =
                @PropertyConstraints(
                    pattern =
                        @Pattern(
                            value = DurationPattern.ISO_8601,
                            message = "Must be an ISO-8601 duration such as PT10S")),
            tooltip =
                "The first look at the task comes after this, and looks are never closer together"
                    + " (but for the last one, at the give-up time). Later looks are at most a"
                    + " tenth of the task's age apart, so a finished video is seen within this"
                    + " interval or within 10 % of the time it took, whichever is longer. Example:"
                    + " PT10S.")
        String pollInterval) {}
