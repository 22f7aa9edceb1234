package dev.seedflow.seedance.settings;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seedflow.seedance.connector.ConnectorSettings;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A setting that cannot be bound is refused in one line that names it as the operator set it, its
 * value, and what it must be, for every kind of setting the worker and the connector read.
 */
class BadSettingTest {
  @Test
  void aPortThatIsNotANumberIsNamedByItsVariable() {
    assertThatThrownBy(
            () ->
                WorkerSettings.fromEnvironment(
                    Map.of("SEEDFLOW_WORKER_MANAGEMENT_PORT", "metrics")))
        .isInstanceOf(RefusedSetting.class)
        .hasMessage("SEEDFLOW_WORKER_MANAGEMENT_PORT is 'metrics', but it must be a whole number.");
  }

  @Test
  void aDurationASizeAndASwitchEachSayWhatTheyMustBe() {
    assertThatThrownBy(
            () -> WorkerSettings.fromEnvironment(Map.of("SEEDFLOW_WORKER_JOB_TIMEOUT", "soon")))
        .hasMessage(
            "SEEDFLOW_WORKER_JOB_TIMEOUT is 'soon', but it must be a duration, such as PT30S or"
                + " 30s.");
    assertThatThrownBy(
            () ->
                ConnectorSettings.fromEnvironment(
                    Map.of("SEEDFLOW_CONNECTOR_STORE_MAX_SIZE", "big")))
        .hasMessage(
            "SEEDFLOW_CONNECTOR_STORE_MAX_SIZE is 'big', but it must be a size, such as 500MB.");
    assertThatThrownBy(
            () -> WorkerSettings.fromEnvironment(Map.of("SEEDFLOW_WORKER_LOCAL_RUN", "yes please")))
        .hasMessage("SEEDFLOW_WORKER_LOCAL_RUN is 'yes please', but it must be true or false.");
  }

  @Test
  void aSettingGivenByItsDottedNameIsNamedSo() {
    assertThatThrownBy(() -> WorkerSettings.of(Map.of("io-threads", "many")))
        .isInstanceOf(RefusedSetting.class)
        .hasMessage("seedflow.worker.io-threads is 'many', but it must be a whole number.");
  }
}
