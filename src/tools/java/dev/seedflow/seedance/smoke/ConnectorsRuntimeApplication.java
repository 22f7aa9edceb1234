package dev.seedflow.seedance.smoke;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * What the official connectors bundle runs ({@code
 * io.camunda.connector.runtime.app.ConnectorRuntimeApplication}, which is not published as a
 * library): a Spring Boot application of Camunda's connectors starter, whose classpath holds the
 * starter's jars and the custom connectors beside them. The smoke test boots our connector jar in
 * it.
 */
@SpringBootApplication
public class ConnectorsRuntimeApplication {
  public static void main(String[] args) {
    SpringApplication.run(ConnectorsRuntimeApplication.class, args);
  }
}
