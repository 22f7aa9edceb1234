package dev.seedflow.seedance.request;

import dev.seedflow.seedance.error.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Checks the provider settings: a key, and an https base URL (plain http only on this machine, for
 * the simulator).
 */
final class ProviderChecks {
  private ProviderChecks() {}

  static List<Problem> problems(ProviderConfig provider) {
    List<Problem> problems = new ArrayList<>();
    if (provider.apiKey() == null) {
      problems.add(
          new Problem(
              "provider.apiKey",
              "is required: set the Camunda secret SEEDANCE_API_KEY (the field's default is"
                  + " {{secrets.SEEDANCE_API_KEY}})"));
    }
    String baseUrl = provider.baseUrl();
    if (baseUrl == null) {
      problems.add(
          new Problem(
              "provider.baseUrl",
              "is required for the "
                  + provider.type()
                  + " API, which has no public default: give the gateway's API root, for example"
                  + " https://api.example.com"));
      return problems;
    }
    String scheme =
        baseUrl.contains(":")
            ? baseUrl.substring(0, baseUrl.indexOf(':')).toLowerCase(Locale.ROOT)
            : "";
    // OkHttp's parser, as requests will be built: the path it checks is the path that is sent (with
    // ../ resolved).
    HttpUrl url = scheme.equals("https") || scheme.equals("http") ? HttpUrl.parse(baseUrl) : null;
    String path = url == null ? "" : url.encodedPath();
    if (url == null || url.host().isEmpty()) {
      problems.add(
          new Problem(
              "provider.baseUrl",
              "must be an https:// URL such as https://ark.ap-southeast.bytepluses.com, got '"
                  + Text.shown(baseUrl)
                  + "'"));
    } else if (!url.isHttps() && !MediaUrls.isLoopback(url.host())) {
      problems.add(
          new Problem(
              "provider.baseUrl",
              "must use https://, so the API key is not sent in clear text (plain http:// is"
                  + " allowed only for localhost), got '"
                  + Text.shown(baseUrl)
                  + "'"));
    } else if (url.query() != null
        || url.fragment() != null
        || !url.username().isEmpty()
        || !url.password().isEmpty()) {
      problems.add(
          new Problem(
              "provider.baseUrl",
              "must be a plain address without a query, a fragment or a user name: it is the root"
                  + " of every request, got '"
                  + Text.shown(baseUrl)
                  + "'"));
    } else if (path.endsWith("/v1")
        || path.endsWith("/v1/")
        || path.contains("/api/v3")
        || path.contains("/generations")) {
      problems.add(
          new Problem(
              "provider.baseUrl",
              "must be the API root without the API path (drop '"
                  + Text.shown(path)
                  + "'): Seedflow adds the path of the "
                  + provider.type()
                  + " API itself"));
    }
    return problems;
  }
}
