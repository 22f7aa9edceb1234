package dev.seedflow.seedance.client.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding a dialect is one file plus its entry. The test adds one as a developer would: the file
 * {@code src/test/resources/new-dialect/EchoDialect.java}, and the entry the compiler asks for,
 * written into copies of {@code ProviderType} and {@code Dialect} (a constant, a name in {@code
 * permits}, a case in {@code Dialect.of}). It compiles those three against the built product, loads
 * the result in a class loader of its own, and runs {@link NewDialectProbe} there: the new API
 * validates, the client creates and reads over HTTP in its spelling, the docs' validation table
 * grows its column, and the regenerated element templates offer it with exactly its own fields,
 * with no other class changed. {@code Dialect} stays sealed: the compiler, not a registry, holds
 * the list of dialects.
 */
class NewDialectTest {
  private static final Path MAIN = Path.of("src", "main", "java", "dev", "seedflow", "seedance");
  private static final Path DIALECT = MAIN.resolve("client/dialect/Dialect.java");
  private static final Path PROVIDER_TYPE = MAIN.resolve("request/ProviderType.java");
  private static final Path NEW_DIALECT =
      Path.of("src", "test", "resources", "new-dialect", "EchoDialect.java");

  @Test
  void aDialectAddedAsOneFileAndItsEntryValidatesAndSpeaksItsApi(@TempDir Path work)
      throws Exception {
    Path sources = Files.createDirectories(work.resolve("src"));
    Path dialect =
        write(
            sources.resolve("Dialect.java"),
            withEntry(
                Files.readString(DIALECT),
                "permits ArkDialect,",
                "permits EchoDialect, ArkDialect,",
                "case ARK ->",
                "case ECHO -> EchoDialect.INSTANCE;\n      case ARK ->"));
    Path providerType =
        write(
            sources.resolve("ProviderType.java"),
            withEntry(
                Files.readString(PROVIDER_TYPE),
                "public enum ProviderType {",
                "public enum ProviderType {\n  ECHO(\"echo\", null, \"Echo\"),"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    compile(classes, dialect, providerType, NEW_DIALECT);

    Map<String, String> seen = probe(classes);

    assertThat(seen.get("rules")).isEqualTo("echo");
    assertThat(seen.get("refused"))
        .as("its rules are checked before anything is sent")
        .contains("SEEDANCE_INVALID_INPUT")
        .contains("video.duration must be between 2 and 8 seconds, got 12");
    assertThat(seen.get("POST /echo/tasks"))
        .as("the create, in the dialect's spelling")
        .isEqualTo("{\"model\":\"echo-video-1\",\"text\":\"a fox\",\"seconds\":6}");
    assertThat(seen)
        .containsKey("GET /echo/tasks/echo-7")
        .containsEntry("created", "echo-7")
        .containsEntry("read", "running");
    assertThat(seen.get("table").lines().findFirst().orElseThrow())
        .as("docs/validation.md's table gains the column")
        .startsWith("| rule | echo | ark |");
    // The templates, regenerated: echo is offered, and shown exactly the fields its rules take (a
    // base URL it must be given, as it has no public host, and its one aspect ratio, in a dropdown
    // of its own), none of the others' (no seed, resolution, model list or callback URL).
    assertThat(seen.get("providers element-templates/seedance-generate.json"))
        .contains("{\"name\":\"Echo\",\"value\":\"echo\"}");
    assertThat(seen.get("shown for echo element-templates/seedance-generate.json"))
        .isEqualTo("generate:gatewayBaseUrl, generate:echoAspectRatio");
    assertThat(seen.get("shown for echo element-templates/seedance-connector.json"))
        .as("each operation that reaches the provider; those that send a video's options")
        .isEqualTo(
            "createTask:gatewayBaseUrl, estimateCost:gatewayBaseUrl, getTask:gatewayBaseUrl,"
                + " cancelTask:gatewayBaseUrl, createTask:echoAspectRatio,"
                + " estimateCost:echoAspectRatio");
    assertThat(seen.get("shown for echo element-templates/seedance-await.json"))
        .isEqualTo("await:gatewayBaseUrl");
  }

  /**
   * Each anchor is found exactly once, so a change to the product's files that moves the entry
   * fails here, by name.
   */
  private static String withEntry(String source, String... anchorsAndReplacements) {
    for (int i = 0; i < anchorsAndReplacements.length; i += 2) {
      String anchor = anchorsAndReplacements[i];
      assertThat(source.indexOf(anchor))
          .as("the entry's place '%s'", anchor)
          .isNotNegative()
          .isEqualTo(source.lastIndexOf(anchor));
      source = source.replace(anchor, anchorsAndReplacements[i + 1]);
    }
    return source;
  }

  private static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text);
  }

  private static void compile(Path classes, Path... files) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String classpath =
        String.join(
            java.io.File.pathSeparator,
            Stream.of(
                    Dialect.class,
                    JsonNode.class,
                    com.fasterxml.jackson.core.TreeNode.class,
                    JsonValue.class,
                    HttpUrl.class,
                    kotlin.Unit.class)
                .map(NewDialectTest::location)
                .map(Path::toString)
                .toList());
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    String[] args =
        Stream.concat(
                Stream.of("-d", classes.toString(), "-cp", classpath, "-proc:none", "-nowarn"),
                Stream.of(files).map(Path::toString))
            .toArray(String[]::new);
    int status = javac.run(null, errors, errors, args);
    assertThat(status).as("the new dialect and its entry compile: %s", errors).isZero();
  }

  /**
   * The probe in a loader that takes Seedflow's classes from the new build first, and all else from
   * the test's.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, String> probe(Path classes) throws Exception {
    URL[] path = {
      classes.toUri().toURL(),
      location(Dialect.class).toUri().toURL(),
      location(NewDialectTest.class).toUri().toURL()
    };
    try (URLClassLoader loader =
        new URLClassLoader(path, NewDialectTest.class.getClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("dev.seedflow.")) return super.loadClass(name, resolve);
            synchronized (getClassLoadingLock(name)) {
              Class<?> found = findLoadedClass(name);
              return found != null ? found : findClass(name);
            }
          }
        }) {
      Class<?> probe = loader.loadClass(NewDialectProbe.class.getName());
      assertThat(probe).isNotSameAs(NewDialectProbe.class);
      return ((Supplier<Map<String, String>>) probe.getConstructor().newInstance()).get();
    }
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
