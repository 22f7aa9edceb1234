package dev.seedflow.seedance.cost;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The configured prices per model, written as one setting so that the worker, the connector and the local runtime
 * read it the same way: {@code dreamina-seedance-2-0-260128=7 USD, dreamina-seedance-2-0-fast-260128=5.6 USD} (per
 * million output tokens), or {@code bytedance/seedance-2.0=0.3 USD/s} per second of video where a host bills so. Empty by default: prices differ by region, account and contract, and no public list is
 * authoritative for all of them, so money is shown only where an operator has said what a token costs.
 */
public final class PriceTable {
  /** The one name of the setting, as a Spring property or system property (environment: SEEDFLOW_PRICES). */
  public static final String PROPERTY = "seedflow.prices";
  public static final PriceTable EMPTY = new PriceTable(Map.of());
  /** After the currency, a price per second of video (Replicate bills so) rather than per million tokens. */
  private static final String PER_SECOND = "/S";

  private final Map<String, Price> prices;

  private PriceTable(Map<String, Price> prices) {
    this.prices = Map.copyOf(prices);
  }

  /** The setting {@code seedflow.prices} as a system property, else the environment variable SEEDFLOW_PRICES. */
  public static PriceTable fromSystem() {
    return parse(System.getProperty(PROPERTY, System.getenv("SEEDFLOW_PRICES")));
  }

  /** @throws IllegalArgumentException naming the entry that is not {@code model=amount CURRENCY} */
  public static PriceTable parse(String setting) {
    if (setting == null || setting.isBlank()) return EMPTY;
    Map<String, Price> prices = new LinkedHashMap<>();
    for (String entry : setting.split("[,;]")) {
      if (entry.isBlank()) continue;
      String[] modelAndPrice = entry.trim().split("=", 2);
      String[] amountAndCurrency = modelAndPrice.length == 2 ? modelAndPrice[1].trim().split("\\s+") : new String[0];
      try {
        if (amountAndCurrency.length != 2 || modelAndPrice[0].isBlank()) throw new NumberFormatException();
        BigDecimal amount = new BigDecimal(amountAndCurrency[0]);
        if (amount.signum() < 0) throw new NumberFormatException();
        String currency = amountAndCurrency[1].toUpperCase(java.util.Locale.ROOT);
        boolean perSecond = currency.endsWith(PER_SECOND);
        if (perSecond) currency = currency.substring(0, currency.length() - PER_SECOND.length());
        if (!currency.matches("[A-Z]{3}")) throw new NumberFormatException();
        prices.put(modelAndPrice[0].trim(), new Price(amount, currency, perSecond ? Price.Unit.SECOND : Price.Unit.MILLION_TOKENS));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("the price entry '" + entry.trim() + "' is not 'model=amount CURRENCY' (per million output tokens) "
            + "or 'model=amount CURRENCY/s' (per second of video), for example 'dreamina-seedance-2-0-260128=7 USD' or 'bytedance/seedance-2.0=0.3 USD/s'");
      }
    }
    return new PriceTable(prices);
  }

  public Optional<Price> forModel(String model) {
    return Optional.ofNullable(model == null ? null : prices.get(model));
  }
}
