package dev.seedflow.seedance.worker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedflow.seedance.settings.RefusedSetting;
import io.camunda.client.CamundaClient;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The standalone worker's client from the environment: OAuth all or nothing, said in one line; the
 * connectors runtime's names for the addresses taken, and its names for OAuth refused rather than
 * ignored. (The client also reads the real environment, where none of these is set in a build.)
 */
class ClientEnvironmentTest {
  @Test
  void oauthSetInPartNamesEverySettingThatIsMissing() {
    assertThatThrownBy(
            () ->
                ClientEnvironment.client(
                    Map.of("CAMUNDA_CLIENT_ID", "seedflow-worker", "CAMUNDA_CLIENT_SECRET", "s")))
        .isInstanceOf(RefusedSetting.class)
        .hasMessageStartingWith(
            "OAuth is set in part: CAMUNDA_TOKEN_AUDIENCE, CAMUNDA_AUTHORIZATION_SERVER_URL are"
                + " missing. The worker needs all four of CAMUNDA_CLIENT_ID, CAMUNDA_CLIENT_SECRET,"
                + " CAMUNDA_TOKEN_AUDIENCE, CAMUNDA_AUTHORIZATION_SERVER_URL");
    assertThatThrownBy(
            () -> ClientEnvironment.client(Map.of("CAMUNDA_TOKEN_AUDIENCE", "zeebe-api")))
        .hasMessageStartingWith(
            "OAuth is set in part: CAMUNDA_CLIENT_ID, CAMUNDA_CLIENT_SECRET,"
                + " CAMUNDA_AUTHORIZATION_SERVER_URL are missing.");
  }

  @Test
  void allFourOrNoneArePassedToTheClientWhichReadsThemItself() {
    Map<String, String> oauth =
        Map.of(
            "CAMUNDA_CLIENT_ID", "seedflow-worker",
            "CAMUNDA_CLIENT_SECRET", "s",
            "CAMUNDA_TOKEN_AUDIENCE", "zeebe-api",
            "CAMUNDA_AUTHORIZATION_SERVER_URL", "http://127.0.0.1:9/token");
    assertThatCode(() -> ClientEnvironment.client(oauth).close()).doesNotThrowAnyException();
    assertThatCode(() -> ClientEnvironment.client(Map.of()).close()).doesNotThrowAnyException();
  }

  @Test
  void theRuntimesNamesForTheAddressesAreTakenInEitherSpelling() {
    try (CamundaClient client =
        ClientEnvironment.client(
            Map.of(
                "CAMUNDA_CLIENT_GRPC_ADDRESS", "http://zeebe:26500",
                "CAMUNDA_CLIENT_RESTADDRESS", "http://zeebe:8080"))) {
      assertThat(client.getConfiguration().getGrpcAddress())
          .isEqualTo(URI.create("http://zeebe:26500"));
      assertThat(client.getConfiguration().getRestAddress())
          .isEqualTo(URI.create("http://zeebe:8080"));
    }
    assertThatThrownBy(
            () -> ClientEnvironment.client(Map.of("CAMUNDA_CLIENT_GRPC_ADDRESS", "zeebe:26500")))
        .isInstanceOf(RefusedSetting.class)
        .hasMessage(
            "CAMUNDA_CLIENT_GRPC_ADDRESS is 'zeebe:26500', but it must be a URL such as"
                + " http://zeebe:26500.");
  }

  @Test
  void theRuntimesNamesForOAuthAreRefusedNotIgnored() {
    assertThatThrownBy(
            () ->
                ClientEnvironment.client(
                    Map.of(
                        "CAMUNDA_CLIENT_AUTH_CLIENT_ID", "seedflow-worker",
                        "CAMUNDA_CLIENT_AUTH_CLIENT_SECRET", "s")))
        .isInstanceOf(RefusedSetting.class)
        .hasMessage(
            "OAuth is set under the connectors runtime's names (CAMUNDA_CLIENT_AUTH_CLIENT_ID,"
                + " CAMUNDA_CLIENT_AUTH_CLIENT_SECRET), which the standalone worker does not read:"
                + " set CAMUNDA_CLIENT_ID, CAMUNDA_CLIENT_SECRET, CAMUNDA_TOKEN_AUDIENCE,"
                + " CAMUNDA_AUTHORIZATION_SERVER_URL instead.");
  }
}
