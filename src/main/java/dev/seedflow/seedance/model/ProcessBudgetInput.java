package dev.seedflow.seedance.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;
import java.math.BigDecimal;

/**
 * The per-process caps among the {@code budget.*} variables: the most every video of one process
 * instance may cost together, an AI Agent's repeated and parallel tool calls included. Only the
 * generate step (the worker) keeps such a sum, so only its template shows them; the connector's
 * create, which keeps no state between calls, has the per-step caps alone.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProcessBudgetInput(
    @TemplateProperty(
            id = "maxTokensPerProcess",
            group = "budget",
            label = "Refuse above, for the whole process (tokens)",
            optional = true,
            type = PropertyType.String,
            tooltip =
                "Caps the estimates of every video this process instance pays for, summed: a"
                    + " call that would take the sum above it is refused before anything is paid."
                    + " Called by an AI Agent, the refusal is the tool's answer, so the agent can"
                    + " choose again; elsewhere it is an incident (SEEDANCE_OVER_BUDGET).")
        @JsonDeserialize(using = WholeNumbers.LongValue.class)
        Long maxTokensPerProcess,
    @TemplateProperty(
            id = "maxCostPerProcess",
            group = "budget",
            label = "Refuse above, for the whole process (money)",
            optional = true,
            type = PropertyType.String,
            tooltip =
                "The same cap in money, in the currency of the model's configured price (the"
                    + " setting seedflow.prices).")
        BigDecimal maxCostPerProcess) {}
