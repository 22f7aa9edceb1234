package dev.seedflow.seedance.worker.inputs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The seam that builds a secret context on 8.8's record (one component) and on 8.9's and 8.10's
 * (two).
 */
class SecretContextsTest {
  /** The shape of 8.9's and 8.10's {@code SecretContext}, which is not in the registry here. */
  record TwoComponents(String tenantId, String processDefinitionId) {}

  @Test
  void theSdkOnTheClasspathGetsAContextWithNothingSet() {
    assertThat(SecretContexts.none().tenantId()).isNull();
  }

  @Test
  void aRecordOfTwoComponentsIsBuiltAsWell() {
    assertThat(SecretContexts.allNull(TwoComponents.class))
        .isEqualTo(new TwoComponents(null, null));
  }
}
