package dev.seedflow.seedance.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * An account is known by a digest of its key: never the key, never a hash code two keys may share.
 */
class ProviderConfigTest {

  @Test
  void twoKeysWithOneHashCodeAreTwoAccounts() {
    assertThat("Aa".hashCode()).as("the collision this guards against").isEqualTo("BB".hashCode());
    ProviderConfig one = new ProviderConfig(ProviderType.ARK, "https://ark.example.com", "Aa");
    ProviderConfig other = new ProviderConfig(ProviderType.ARK, "https://ark.example.com", "BB");
    assertThat(one.account()).isNotEqualTo(other.account());
    assertThat(one.account())
        .isEqualTo(
            new ProviderConfig(ProviderType.ARK, "https://ark.example.com/", "Aa").account());
  }

  @Test
  void anAccountNeverHoldsItsKey() {
    String key = "sk-canary-4242424242";
    ProviderConfig provider = new ProviderConfig(ProviderType.FAL, null, key);
    assertThat(provider.account())
        .doesNotContain(key)
        .startsWith("fal https://queue.fal.run ")
        .hasSize("fal https://queue.fal.run ".length() + 64);
    assertThat(new ProviderConfig(ProviderType.FAL, null, "other").account())
        .isNotEqualTo(provider.account());
  }
}
