package dev.seedflow.seedance.local;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The Spring Boot application of the local runtime: only auto-configuration (the connectors runtime
 * and our worker).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class LocalRuntimeApplication {}
