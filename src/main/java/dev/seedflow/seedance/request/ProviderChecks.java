package dev.seedflow.seedance.request;

import dev.seedflow.seedance.error.Problem;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Checks the provider settings: a key, and an https base URL (plain http only on this machine, for the simulator). */
final class ProviderChecks {
  private ProviderChecks() {}

  static List<Problem> problems(ProviderConfig provider) {
    List<Problem> problems = new ArrayList<>();
    if (provider.apiKey() == null) {
      problems.add(new Problem("provider.apiKey", "is required: set the Camunda secret SEEDANCE_API_KEY (the field's default is {{secrets.SEEDANCE_API_KEY}})"));
    }
    String baseUrl = provider.baseUrl();
    if (baseUrl == null) {
      problems.add(new Problem("provider.baseUrl", "is required for the " + provider.type()
          + " API, which has no public default: give the gateway's API root, for example https://api.example.com"));
      return problems;
    }
    try {
      URI uri = new URI(baseUrl);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String path = uri.getPath() == null ? "" : uri.getPath();
      if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
        problems.add(new Problem("provider.baseUrl", "must be an https:// URL such as https://ark.ap-southeast.bytepluses.com, got '" + baseUrl + "'"));
      } else if (scheme.equals("http") && !MediaUrls.isLoopback(uri.getHost())) {
        problems.add(new Problem("provider.baseUrl", "must use https://, so the API key is not sent in clear text (plain http:// is allowed only for localhost), got '" + baseUrl + "'"));
      } else if (path.endsWith("/v1") || path.endsWith("/api/v3") || path.contains("/generations")) {
        problems.add(new Problem("provider.baseUrl", "must be the API root without the API path (drop '" + path + "'): Seedflow adds the path of the " + provider.type() + " API itself"));
      }
    } catch (URISyntaxException e) {
      problems.add(new Problem("provider.baseUrl", "is not a valid URL: '" + baseUrl + "'"));
    }
    return problems;
  }
}
