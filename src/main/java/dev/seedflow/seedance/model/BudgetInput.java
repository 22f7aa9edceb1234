package dev.seedflow.seedance.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;
import java.math.BigDecimal;

/**
 * The {@code budget.*} variables: the most a step may spend, checked against the estimate before
 * anything is paid. Empty means no cap. The fields carry no pattern, because the Modeler tests a
 * pattern against an empty optional field too; the worker and the connector check them before any
 * paid request.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BudgetInput(
    @TemplateProperty(
            id = "maxTokens",
            group = "budget",
            label = "Refuse above (tokens)",
            optional = true,
            type = PropertyType.String,
            tooltip =
                "The step fails before anything is paid (SEEDANCE_OVER_BUDGET) when the estimate is"
                    + " above this. 5 s of 720p 16:9 is 108,000 tokens; 15 s of 1080p 16:9 is"
                    + " 729,000.")
        @JsonDeserialize(using = WholeNumbers.LongValue.class)
        Long maxTokens,
    @TemplateProperty(
            id = "maxCost",
            group = "budget",
            label = "Refuse above (money)",
            optional = true,
            type = PropertyType.String,
            tooltip =
                "The same cap in money, in the currency of the model's configured price (the"
                    + " setting seedflow.prices). Needs a price for the model: without one the step"
                    + " fails rather than run uncapped.")
        BigDecimal maxCost) {}
