package dev.seedflow.seedance.client;

/** Keeps the API key out of everything we show: some providers echo the key they rejected in their error text. */
record Secrets(String apiKey) {

  String redact(String text) {
    if (text == null || apiKey == null || apiKey.length() < 4) return text;
    return text.replace(apiKey, "***");
  }

  @Override
  public String toString() {
    return "Secrets[***]";
  }
}
