package dev.seedflow.seedance.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.camunda.client.CamundaClient;
import io.camunda.client.CamundaClientBuilder;
import io.camunda.client.CredentialsProvider;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The waiting line says which server failed, from the real client's real failure over loopback: the
 * token server when OAuth could not get a token, the gateway otherwise, and names every setting
 * that could be wrong either way.
 */
class GatewayWatchTest {
  @Test
  void aTokenServerThatDoesNotAnswerIsNamedAsTheTokenServerNotTheGateway() throws Exception {
    int closed = closedPort();
    // The OAuth the client builds from the four variables, built here as the test cannot set them.
    CamundaClientBuilder withOAuth =
        CamundaClient.newClientBuilder()
            .restAddress(URI.create("http://127.0.0.1:" + closed))
            .credentialsProvider(
                CredentialsProvider.newCredentialsProviderBuilder()
                    .clientId("seedflow-worker")
                    .clientSecret("s")
                    .audience("zeebe-api")
                    .authorizationServerUrl("http://127.0.0.1:" + closed + "/token")
                    .build());
    String line;
    try (CamundaClient client = withOAuth.build()) {
      line = GatewayWatch.whyNot(topologyFailure(client));
    }
    assertThat(line)
        .startsWith("the token server did not give a token (")
        .contains("Connection refused")
        .contains("check CAMUNDA_AUTHORIZATION_SERVER_URL")
        .contains(
            "all four of CAMUNDA_CLIENT_ID, CAMUNDA_CLIENT_SECRET, CAMUNDA_TOKEN_AUDIENCE,"
                + " CAMUNDA_AUTHORIZATION_SERVER_URL");
  }

  @Test
  void aGatewayThatDoesNotAnswerIsNamedAsTheGateway() throws Exception {
    String line;
    try (CamundaClient client = ClientEnvironment.client(gatewayAt(closedPort()))) {
      line = GatewayWatch.whyNot(topologyFailure(client));
    }
    assertThat(line)
        .startsWith("it cannot be reached (")
        .contains("Connection refused")
        .contains("Set CAMUNDA_GRPC_ADDRESS and CAMUNDA_REST_ADDRESS")
        .contains("all four of CAMUNDA_CLIENT_ID");
  }

  private static Throwable topologyFailure(CamundaClient client) {
    Throwable failure = catchThrowable(() -> client.newTopologyRequest().send().join());
    assertThat(failure).as("nothing listens there").isNotNull();
    return failure;
  }

  private static Map<String, String> gatewayAt(int port) {
    return Map.of(
        "CAMUNDA_CLIENT_REST_ADDRESS", "http://127.0.0.1:" + port,
        "CAMUNDA_CLIENT_GRPC_ADDRESS", "http://127.0.0.1:" + port);
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
