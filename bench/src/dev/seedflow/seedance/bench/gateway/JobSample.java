package dev.seedflow.seedance.bench.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A generate job exactly as the real engine hands it out for a task made with the element template:
 * its type, where it sits, its custom headers, its variables (the template's input mappings) and
 * its retries. The stand-in gateway hands out copies of it, each with a prompt of its own.
 */
public record JobSample(
    String type,
    String bpmnProcessId,
    long processDefinitionKey,
    String elementId,
    String customHeaders,
    ObjectNode variables,
    int retries) {}
