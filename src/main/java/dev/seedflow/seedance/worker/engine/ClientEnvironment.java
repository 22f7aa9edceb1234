package dev.seedflow.seedance.worker.engine;

import static io.camunda.client.impl.CamundaClientEnvironmentVariables.GRPC_ADDRESS_VAR;
import static io.camunda.client.impl.CamundaClientEnvironmentVariables.OAUTH_ENV_AUTHORIZATION_SERVER;
import static io.camunda.client.impl.CamundaClientEnvironmentVariables.OAUTH_ENV_CLIENT_ID;
import static io.camunda.client.impl.CamundaClientEnvironmentVariables.OAUTH_ENV_CLIENT_SECRET;
import static io.camunda.client.impl.CamundaClientEnvironmentVariables.OAUTH_ENV_TOKEN_AUDIENCE;
import static io.camunda.client.impl.CamundaClientEnvironmentVariables.REST_ADDRESS_VAR;

import dev.seedflow.seedance.settings.RefusedSetting;
import io.camunda.client.CamundaClient;
import io.camunda.client.CamundaClientBuilder;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The standalone worker's Camunda client, from the environment. The client reads its own variables
 * ({@code CAMUNDA_GRPC_ADDRESS}, {@code CAMUNDA_CLIENT_ID}, ...); this adds what an operator meets
 * first. OAuth is checked whole before anything starts, where the client would stop with {@code
 * Expected valid audience but none was provided} and a stack trace. The connectors runtime's names
 * for the two addresses ({@code CAMUNDA_CLIENT_GRPC_ADDRESS}, as in a runtime's env file) are taken
 * where the client's own are unset. Its names for OAuth are refused in one line, as a worker that
 * ignored them would run without a token.
 */
public final class ClientEnvironment {
  /** The four settings the client's OAuth needs, all or none. */
  public static final List<String> OAUTH =
      List.of(
          OAUTH_ENV_CLIENT_ID,
          OAUTH_ENV_CLIENT_SECRET,
          OAUTH_ENV_TOKEN_AUDIENCE,
          OAUTH_ENV_AUTHORIZATION_SERVER);

  /** The runtime's (Spring's) names for each address, in Spring's two spellings. */
  private static final Map<String, List<String>> ADDRESS_ALIASES =
      Map.of(
          GRPC_ADDRESS_VAR, List.of("CAMUNDA_CLIENT_GRPC_ADDRESS", "CAMUNDA_CLIENT_GRPCADDRESS"),
          REST_ADDRESS_VAR, List.of("CAMUNDA_CLIENT_REST_ADDRESS", "CAMUNDA_CLIENT_RESTADDRESS"));

  private static final String RUNTIME_AUTH_PREFIX = "CAMUNDA_CLIENT_AUTH_";

  private ClientEnvironment() {}

  /**
   * The client these variables configure.
   *
   * @throws RefusedSetting when OAuth is set in part or under the runtime's names, or an address is
   *     not a URL
   */
  public static CamundaClient client(Map<String, String> environment) {
    checkOAuth(environment);
    CamundaClientBuilder builder = CamundaClient.newClientBuilder();
    takeAlias(environment, GRPC_ADDRESS_VAR, builder::grpcAddress);
    takeAlias(environment, REST_ADDRESS_VAR, builder::restAddress);
    return builder.build();
  }

  private static void checkOAuth(Map<String, String> environment) {
    List<String> set = OAUTH.stream().filter(name -> isSet(environment, name)).toList();
    List<String> runtimeNames =
        environment.keySet().stream()
            .filter(name -> name.startsWith(RUNTIME_AUTH_PREFIX))
            .sorted()
            .toList();
    if (set.isEmpty() && !runtimeNames.isEmpty()) {
      throw new RefusedSetting(
          "OAuth is set under the connectors runtime's names ("
              + String.join(", ", runtimeNames)
              + "), which the standalone worker does not read: set "
              + String.join(", ", OAUTH)
              + " instead.");
    }
    if (!set.isEmpty() && set.size() < OAUTH.size()) {
      List<String> missing = OAUTH.stream().filter(name -> !set.contains(name)).toList();
      throw new RefusedSetting(
          "OAuth is set in part: "
              + String.join(", ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " missing. The worker needs all four of "
              + String.join(", ", OAUTH)
              + " (the audience is the gateway's, such as zeebe-api; the URL is the token"
              + " endpoint, on SaaS https://login.cloud.camunda.io/oauth/token), or none for a"
              + " gateway without OAuth.");
    }
  }

  private static void takeAlias(
      Map<String, String> environment, String clientName, Consumer<URI> set) {
    if (isSet(environment, clientName)) return;
    for (String alias : ADDRESS_ALIASES.get(clientName)) {
      String value = environment.get(alias);
      if (value == null || value.isBlank()) continue;
      try {
        URI address = URI.create(value.strip());
        if (address.getScheme() == null || address.getHost() == null) {
          throw new IllegalArgumentException("no scheme or host");
        }
        set.accept(address);
        return;
      } catch (IllegalArgumentException notAUrl) {
        throw new RefusedSetting(
            alias + " is '" + value + "', but it must be a URL such as http://zeebe:26500.");
      }
    }
  }

  private static boolean isSet(Map<String, String> environment, String name) {
    String value = environment.get(name);
    return value != null && !value.isBlank();
  }
}
