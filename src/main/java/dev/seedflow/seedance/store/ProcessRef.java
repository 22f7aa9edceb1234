package dev.seedflow.seedance.store;

/**
 * The process instance a kept document belongs to; stores that record it show it beside the file.
 */
public record ProcessRef(Long processInstanceKey, String processDefinitionId) {}
