package dev.seedflow.seedance.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference check smoke runs against Spring Boot 4 and the 8.9 client, here against the
 * platform we build on: there every reference resolves, methods and fields included (a lookup that
 * got signatures wrong would report them missing), and without one of its jars, that jar's
 * references are reported.
 */
class ReferenceCheckTest {
  private static final Path OURS = Path.of("target", "classes");
  private static final List<Path> BUILT_ON =
      Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
          .map(Path::of)
          .filter(entry -> entry.toString().endsWith(".jar"))
          .toList();

  @Test
  void onThePlatformWeBuildOnEveryReferenceResolves() throws Exception {
    ReferenceCheck.Result result = ReferenceCheck.check(OURS, BUILT_ON);
    assertThat(result.references())
        .as("methods, constructors, fields and classes of Camunda and Spring")
        .isGreaterThan(100);
    assertThat(result.missing()).isEmpty();
  }

  @Test
  void withoutAJarItsReferencesAreReportedMissing() throws Exception {
    List<Path> withoutTheClient =
        BUILT_ON.stream()
            .filter(jar -> !jar.getFileName().toString().startsWith("camunda-client-java-"))
            .toList();
    assertThat(withoutTheClient).hasSizeLessThan(BUILT_ON.size());
    ReferenceCheck.Result result = ReferenceCheck.check(OURS, withoutTheClient);
    assertThat(result.missing())
        .anySatisfy(
            missing ->
                assertThat(missing)
                    .startsWith("method io.camunda.client.CamundaClient.")
                    .endsWith("no class io.camunda.client.CamundaClient"));
  }
}
