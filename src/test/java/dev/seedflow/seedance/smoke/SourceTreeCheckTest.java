package dev.seedflow.seedance.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source-tree check on a small tree written here, in the shapes the SDK's sources take (a
 * record, an enum, an inherited method, a nested class, supertypes of the JDK and of a third
 * party): what is declared resolves, what changed is reported, and what lies outside the tree's
 * packages is counted, not judged.
 */
class SourceTreeCheckTest {
  @TempDir Path tree;

  private void write(String path, String source) throws Exception {
    Path file = tree.resolve("sdk/src/main/java").resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
  }

  @Test
  void declaredMembersResolveAndChangedOnesAreReported() throws Exception {
    write(
        "io/camunda/connector/api/Context.java",
        """
        package io.camunda.connector.api;
        /** Mentions class Ghost and method vanished() in a comment, which must not count. */
        public record Context(String tenantId, String processDefinitionId) {}
        """);
    write(
        "io/camunda/connector/api/Base.java",
        """
        package io.camunda.connector.api;
        public abstract class Base {
          protected static final String NAME = "base";
          public String describe(String what, int times) { return what.repeat(times); }
        }
        """);
    write(
        "io/camunda/connector/api/Handler.java",
        """
        package io.camunda.connector.api;
        import java.util.List;
        public class Handler extends Base implements Runnable {
          public Handler(Context context, List<String> names) { }
          @Override public void run() { describe("x", 2); }
          public enum Mode { FAST, SLOW { @Override public String toString() { return "slow, then fast"; } }; }
          static class Inner { <T> T pick(java.util.Map<String, T> from, String... keys) { return null; } }
        }
        """);
    write(
        "io/camunda/connector/api/Plugged.java",
        """
        package io.camunda.connector.api;
        import com.example.Plugin;
        public class Plugged implements Plugin {}
        """);
    Set<String> references =
        Set.of(
            "class io.camunda.connector.api.Handler$Inner",
            "constructor io.camunda.connector.api.Context(java.lang.String,java.lang.String)",
            "method io.camunda.connector.api.Context.tenantId()",
            "method io.camunda.connector.api.Handler.describe(java.lang.String,int)",
            "method io.camunda.connector.api.Handler$Inner.pick(java.util.Map,java.lang.String[])",
            "field io.camunda.connector.api.Handler$Mode.SLOW",
            "method io.camunda.connector.api.Handler$Mode.values()",
            "field io.camunda.connector.api.Handler.NAME",
            "constructor io.camunda.connector.api.Context(java.lang.String)",
            "constructor io.camunda.connector.api.Handler(io.camunda.connector.api.Context)",
            "method io.camunda.connector.api.Handler.vanished()",
            "class io.camunda.connector.api.Ghost",
            "method io.camunda.connector.api.Handler.wait()",
            "method io.camunda.connector.api.Handler.run()",
            "method io.camunda.connector.api.Plugged.plug()",
            "method io.camunda.client.CamundaClient.close()");

    SourceTreeCheck.Result result = SourceTreeCheck.check(references, tree);

    assertThat(result.scope()).containsExactly("io.camunda.connector");
    assertThat(result.inScope()).isEqualTo(15);
    assertThat(result.outOfScope()).isEqualTo(1);
    assertThat(result.missing())
        .containsExactlyInAnyOrder(
            "constructor io.camunda.connector.api.Context(java.lang.String): no constructor of 1"
                + " parameters",
            "constructor io.camunda.connector.api.Handler(io.camunda.connector.api.Context): no"
                + " constructor of 1 parameters",
            "method io.camunda.connector.api.Handler.vanished(): no method vanished of 0 parameters"
                + " in io.camunda.connector.api.Handler or its supertypes in the tree",
            "class io.camunda.connector.api.Ghost: no class io.camunda.connector.api.Ghost in the"
                + " tree");
    assertThat(result.unverified())
        .singleElement()
        .asString()
        .startsWith("method io.camunda.connector.api.Plugged.plug(): declared outside the tree")
        .contains("Plugin");
  }
}
