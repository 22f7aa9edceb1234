package dev.seedflow.seedance.cost;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The prices per model, resolution and video input, written as one setting so that the worker, the
 * connector and the local runtime read it the same way. A row is {@code
 * model[@resolution][+video]=amount CURRENCY[ min TOKENS]}: {@code
 * dreamina-seedance-2-0-260128@1080p+video=4.7 USD} is a million output tokens of Seedance 2.0 at
 * 1080p for a request with input videos; {@code min} is the fewest tokens such a request is
 * charged. A host that bills per second of video takes {@code USD/s}. The most specific row wins:
 * resolution and video input, then video input, then resolution, then the model alone.
 *
 * <p>BytePlus's list prices ship as {@link #LIST_PRICES}, and the setting's rows replace those of
 * the same key: an operator with another region, contract or gateway says what their tokens cost.
 */
public final class PriceTable {
  /**
   * The one name of the setting, as a Spring property or system property (environment:
   * SEEDFLOW_PRICES).
   */
  public static final String PROPERTY = "seedflow.prices";

  /**
   * BytePlus ModelArk's list prices per million output tokens, without and with input video
   * (BytePlus pricing, 2026-07, as quoted in ../shared/notes/providers.md; docs/cost.md says what
   * could be checked). Volcano Engine's {@code doubao-} ids are priced in CNY and are not listed: a
   * cost appears for them once an operator sets one.
   */
  public static final String LIST_PRICES =
      String.join(
          ", ",
          "dreamina-seedance-2-0-260128=7.0 USD",
          "dreamina-seedance-2-0-260128+video=4.3 USD",
          "dreamina-seedance-2-0-260128@1080p=7.7 USD",
          "dreamina-seedance-2-0-260128@1080p+video=4.7 USD",
          "dreamina-seedance-2-0-260128@4k=4.0 USD",
          "dreamina-seedance-2-0-260128@4k+video=2.4 USD",
          "dreamina-seedance-2-0-fast-260128=5.6 USD",
          "dreamina-seedance-2-0-fast-260128+video=3.3 USD",
          "dreamina-seedance-2-0-mini-260615=3.5 USD",
          "dreamina-seedance-2-0-mini-260615+video=2.1 USD",
          "dreamina-seedance-2-5-260628=10.70 USD",
          "dreamina-seedance-2-5-260628+video=6.40 USD");

  /** No prices at all: tokens only. */
  public static final PriceTable EMPTY = new PriceTable(Map.of());

  /**
   * After the currency, a price per second of video (Replicate bills so) rather than per million
   * tokens.
   */
  private static final String PER_SECOND = "/S";

  private static final String VIDEO = "+video";

  /**
   * One row of the table, as its key names it.
   *
   * @param key {@code model[@resolution][+video]}
   */
  public record Row(String key, Price price) {
    /**
     * How an estimate names the row it used, as the setting writes it: {@code
     * dreamina-seedance-2-0-260128@1080p=7.7 USD}.
     */
    @Override
    public String toString() {
      return key + "=" + price;
    }
  }

  private final Map<String, Price> prices;

  private PriceTable(Map<String, Price> prices) {
    this.prices = Map.copyOf(prices);
  }

  /**
   * The setting {@code seedflow.prices} as a system property, else the environment variable
   * SEEDFLOW_PRICES, over the list prices.
   */
  public static PriceTable fromSystem() {
    return withListPrices(System.getProperty(PROPERTY, System.getenv("SEEDFLOW_PRICES")));
  }

  /** The list prices, with the rows of {@code setting} replacing those of the same key. */
  public static PriceTable withListPrices(String setting) {
    Map<String, Price> merged = new LinkedHashMap<>(parse(LIST_PRICES).prices);
    merged.putAll(parse(setting).prices);
    return new PriceTable(merged);
  }

  /**
   * Only the rows of {@code setting}. @throws IllegalArgumentException naming the entry that is not
   * a row
   */
  public static PriceTable parse(String setting) {
    if (setting == null || setting.isBlank()) return EMPTY;
    Map<String, Price> prices = new LinkedHashMap<>();
    for (String entry : setting.split("[,;]")) {
      if (entry.isBlank()) continue;
      String[] keyAndPrice = entry.trim().split("=", 2);
      String[] words =
          keyAndPrice.length == 2 ? keyAndPrice[1].trim().split("\\s+") : new String[0];
      try {
        if ((words.length != 2 && words.length != 4) || keyAndPrice[0].isBlank())
          throw new NumberFormatException();
        BigDecimal amount = new BigDecimal(words[0]);
        if (amount.signum() < 0) throw new NumberFormatException();
        String currency = words[1].toUpperCase(Locale.ROOT);
        boolean perSecond = currency.endsWith(PER_SECOND);
        if (perSecond) currency = currency.substring(0, currency.length() - PER_SECOND.length());
        if (!currency.matches("[A-Z]{3}")) throw new NumberFormatException();
        long minTokens = 0;
        if (words.length == 4) {
          if (!words[2].equalsIgnoreCase("min") || perSecond) throw new NumberFormatException();
          minTokens = Long.parseLong(words[3]);
          if (minTokens < 0) throw new NumberFormatException();
        }
        prices.put(
            keyAndPrice[0].trim(),
            new Price(
                amount,
                currency,
                perSecond ? Price.Unit.SECOND : Price.Unit.MILLION_TOKENS,
                minTokens));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "the price entry '"
                + entry.trim()
                + "' is not 'model[@resolution][+video]=amount CURRENCY[ min TOKENS]' (per million"
                + " output tokens) or 'model=amount CURRENCY/s' (per second of video), for example"
                + " 'dreamina-seedance-2-0-260128@1080p+video=4.7 USD' or"
                + " 'bytedance/seedance-2.0=0.3 USD/s'");
      }
    }
    return new PriceTable(prices);
  }

  /** The most specific row for a model at a resolution, with or without input video. */
  public Optional<Row> forVideo(String model, String resolution, boolean videoInput) {
    if (model == null) return Optional.empty();
    String atResolution = model + "@" + resolution;
    List<String> keys =
        videoInput
            ? List.of(atResolution + VIDEO, model + VIDEO, atResolution, model)
            : List.of(atResolution, model);
    return keys.stream()
        .filter(prices::containsKey)
        .findFirst()
        .map(key -> new Row(key, prices.get(key)));
  }
}
