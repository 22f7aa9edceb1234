package dev.seedflow.compat;

import io.camunda.client.CamundaClient;
import java.net.URI;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Any Spring Boot 4 application with a {@link CamundaClient} bean: the Camunda 8.9 client, built here from two
 * addresses because no Camunda starter for Spring Boot 4 is at hand. Our jar on its classpath brings the worker.
 */
@SpringBootApplication
public class SpringBoot4Worker {

  public static void main(String[] args) {
    SpringApplication.run(SpringBoot4Worker.class, args);
  }

  @Bean(destroyMethod = "close")
  CamundaClient camundaClient(Environment environment) {
    return CamundaClient.newClientBuilder()
        .grpcAddress(URI.create(environment.getRequiredProperty("camunda.client.grpc-address")))
        .restAddress(URI.create(environment.getRequiredProperty("camunda.client.rest-address")))
        .preferRestOverGrpc(false)
        .build();
  }
}
