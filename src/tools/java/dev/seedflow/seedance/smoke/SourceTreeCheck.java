package dev.seedflow.seedance.smoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Our jar's references into Camunda looked up in a source tree, such as camunda/connectors at a
 * release tag, for a release whose jars are not at hand. A class is found by its file and its
 * nested declarations; a method or constructor by its name and number of parameters, declared in
 * the class or in a supertype the tree holds; a field by its declaration or enum constant.
 * Parameter types are not compared (the jar check, {@link ReferenceCheck}, does that where jars
 * exist). Only references into packages the tree holds are in scope; the rest are counted, not
 * judged.
 *
 * <p>Usage: {@code SourceTreeCheck OURS [TREE...]}, OURS our jar or classes: without a tree, lists
 * the references; exit code 1 when a reference in a tree's scope is missing.
 */
final class SourceTreeCheck {
  private static final Set<String> ENUM_METHODS = Set.of("values", "valueOf");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;");
  private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+([\\w.]+)\\s*;");
  private static final Set<String> NOT_A_TYPE =
      Set.of("return", "new", "throw", "else", "case", "yield", "await");

  /**
   * @param scope the top packages of the tree that references were judged in, such as {@code
   *     io.camunda.connector}
   * @param unverified in scope, but declared only in a supertype outside the tree (the JDK,
   *     Jackson): each with where
   */
  record Result(
      Set<String> scope,
      int inScope,
      int outOfScope,
      Set<String> missing,
      Set<String> unverified) {}

  private final Map<String, Path> files = new HashMap<>();
  private final Map<Path, String> texts = new HashMap<>();

  private SourceTreeCheck(Path tree) throws IOException {
    try (Stream<Path> all = Files.walk(tree)) {
      for (Path file :
          all.filter(
                  path ->
                      path.toString().endsWith(".java")
                          && path.toString().contains("/src/main/java/"))
              .toList()) {
        Matcher pkg = PACKAGE.matcher(Files.readString(file));
        String name = file.getFileName().toString().replace(".java", "");
        files.put(pkg.find() ? pkg.group(1) + "." + name : name, file);
      }
    }
  }

  static Result check(Set<String> references, Path tree) throws IOException {
    SourceTreeCheck index = new SourceTreeCheck(tree);
    Set<String> scope = new TreeSet<>();
    for (String type : index.files.keySet()) {
      String[] parts = type.split("\\.");
      if (parts.length > 3 && type.startsWith("io.camunda."))
        scope.add(String.join(".", parts[0], parts[1], parts[2]));
    }
    int in = 0;
    int out = 0;
    Set<String> missing = new TreeSet<>();
    Set<String> unverified = new TreeSet<>();
    for (String reference : references) {
      String owner = ReferenceCheck.owner(reference);
      if (scope.stream().noneMatch(root -> owner.startsWith(root + "."))) {
        out++;
        continue;
      }
      in++;
      String problem = index.resolve(reference, owner);
      if (problem == null) continue;
      (problem.startsWith("declared outside") ? unverified : missing)
          .add(reference + ": " + problem);
    }
    return new Result(scope, in, out, missing, unverified);
  }

  /** Null when found, else why not. */
  private String resolve(String reference, String owner) {
    Optional<Type> type = type(owner);
    if (type.isEmpty()) return "no class " + owner + " in the tree";
    String kind = ReferenceCheck.kind(reference);
    String rest = reference.substring(kind.length() + 1);
    int arity =
        rest.contains("(")
            ? parameterCount(rest.substring(rest.indexOf('(') + 1, rest.lastIndexOf(')')))
            : 0;
    return switch (kind) {
      case "class" -> null;
      case "constructor" ->
          type.get().hasConstructor(arity) ? null : "no constructor of " + arity + " parameters";
      case "field" -> member(type.get(), rest.substring(owner.length() + 1), -1, new HashSet<>());
      default ->
          member(
              type.get(),
              rest.substring(owner.length() + 1, rest.indexOf('(')),
              arity,
              new HashSet<>());
    };
  }

  /** Looks for a method (arity at least 0) or a field (arity -1) in a type and its supertypes. */
  private String member(Type type, String name, int arity, Set<String> seen) {
    if (arity >= 0 && type.isEnum() && ENUM_METHODS.contains(name)) return null;
    if (jdkHas(
        type.isEnum() ? Enum.class : type.keyword().equals("record") ? Record.class : Object.class,
        name,
        arity)) return null;
    List<String> outside = new ArrayList<>();
    if (lookIn(type, name, arity, seen, outside)) return null;
    String what = arity < 0 ? "field " + name : "method " + name + " of " + arity + " parameters";
    return outside.isEmpty()
        ? "no " + what + " in " + type.name + " or its supertypes in the tree"
        : "declared outside the tree, if anywhere: "
            + what
            + " not in "
            + type.name
            + "; supertypes outside the tree: "
            + outside;
  }

  private boolean lookIn(
      Type type, String name, int arity, Set<String> seen, List<String> outside) {
    if (!seen.add(type.name)) return false;
    if (arity < 0 ? type.hasField(name) : type.hasMethod(name, arity)) return true;
    for (String supertype : type.supertypes()) {
      String resolved = resolveName(type, supertype);
      Optional<Type> found = type(resolved);
      if (found.isEmpty()) {
        Optional<Class<?>> jdk = jdkClass(resolved);
        if (jdk.isPresent() && jdkHas(jdk.get(), name, arity)) return true;
        if (jdk.isEmpty()) outside.add(supertype);
      } else if (lookIn(found.get(), name, arity, seen, outside)) {
        return true;
      }
    }
    return false;
  }

  /** A class of the JDK by a resolved name, or by a simple name of {@code java.lang}. */
  private static Optional<Class<?>> jdkClass(String name) {
    for (String candidate : List.of(name, "java.lang." + name)) {
      try {
        return Optional.of(Class.forName(candidate, false, ClassLoader.getPlatformClassLoader()));
      } catch (ClassNotFoundException e) {
        // not this one
      }
    }
    return Optional.empty();
  }

  /**
   * Whether a JDK class has (or inherits) a public or protected method of that name and arity, or a
   * field (arity -1).
   */
  private static boolean jdkHas(Class<?> type, String name, int arity) {
    for (Class<?> each = type; each != null; each = each.getSuperclass()) {
      if (arity < 0
          ? Arrays.stream(each.getDeclaredFields()).anyMatch(f -> f.getName().equals(name))
          : Arrays.stream(each.getDeclaredMethods())
              .anyMatch(m -> m.getName().equals(name) && m.getParameterCount() == arity))
        return true;
    }
    return Arrays.stream(type.getInterfaces()).anyMatch(each -> jdkHas(each, name, arity));
  }

  /** A simple or qualified name written in a type's file, as a JVM name. */
  private String resolveName(Type from, String written) {
    String text = texts.get(from.file);
    String first = written.contains(".") ? written.substring(0, written.indexOf('.')) : written;
    String tail =
        written.contains(".") ? written.substring(written.indexOf('.')).replace('.', '$') : "";
    Matcher imports = IMPORT.matcher(text);
    while (imports.find()) {
      if (imports.group(1).endsWith("." + first)) return imports.group(1) + tail;
    }
    String top =
        from.name.contains("$") ? from.name.substring(0, from.name.indexOf('$')) : from.name;
    if (type(top + "$" + first + tail).isPresent()) return top + "$" + first + tail;
    if (type(from.name + "$" + first + tail).isPresent()) return from.name + "$" + first + tail;
    String pkg = top.contains(".") ? top.substring(0, top.lastIndexOf('.')) : "";
    if (files.containsKey(pkg + "." + first)) return pkg + "." + first + tail;
    return written; // qualified, or of java.lang, or of a wildcard import
  }

  private Optional<Type> type(String jvmName) {
    String[] parts = jvmName.split("\\$");
    Path file = files.get(parts[0]);
    if (file == null) return Optional.empty();
    String text = texts.computeIfAbsent(file, SourceTreeCheck::read);
    String simple = parts[0].substring(parts[0].lastIndexOf('.') + 1);
    int from = 0;
    Type type = null;
    for (int i = 0; i < parts.length; i++) {
      String name = i == 0 ? simple : parts[i];
      Matcher declaration =
          Pattern.compile(
                  "\\b(class|interface|record|enum|@interface)\\s+" + Pattern.quote(name) + "\\b")
              .matcher(text);
      if (!declaration.find(from)) return Optional.empty();
      int open = text.indexOf('{', declaration.end());
      if (open < 0) return Optional.empty();
      int close = matching(text, open, '{', '}');
      type =
          new Type(
              jvmName,
              file,
              declaration.group(1),
              name,
              text.substring(declaration.end(), open),
              text.substring(open + 1, close));
      from = open + 1;
    }
    return Optional.ofNullable(type);
  }

  /**
   * One declared type.
   *
   * @param header what comes between its name and its body: type parameters, record components,
   *     supertypes
   */
  private record Type(
      String name, Path file, String keyword, String simpleName, String header, String body) {
    boolean isEnum() {
      return keyword.equals("enum");
    }

    List<String> components() {
      if (!keyword.equals("record")) return List.of();
      int open = header.indexOf('(');
      return splitTopLevel(header.substring(open + 1, matching(header, open, '(', ')')));
    }

    List<String> supertypes() {
      List<String> names = new ArrayList<>();
      String afterComponents =
          keyword.equals("record")
              ? header.substring(matching(header, header.indexOf('('), '(', ')') + 1)
              : header;
      Matcher clause =
          Pattern.compile(
                  "\\b(extends|implements)\\s+(.*?)(?=\\bimplements\\b|\\bpermits\\b|$)",
                  Pattern.DOTALL)
              .matcher(afterComponents);
      while (clause.find()) {
        for (String each : splitTopLevel(clause.group(2)))
          names.add(each.replaceAll("<.*", "").replaceAll("@\\w+\\s*", "").trim());
      }
      return names;
    }

    boolean hasMethod(String method, int arity) {
      if (components().stream().anyMatch(component -> lastWord(component).equals(method))
          && arity == 0) return true;
      return declarations(method).stream().anyMatch(parameters -> fits(parameters, arity));
    }

    boolean hasConstructor(int arity) {
      if (keyword.equals("record") && components().size() == arity) return true;
      List<List<String>> declared = declarations(simpleName);
      if (declared.isEmpty()) return arity == 0 && !keyword.equals("record");
      return declared.stream().anyMatch(parameters -> fits(parameters, arity));
    }

    boolean hasField(String field) {
      if (isEnum() && constants().contains(field)) return true;
      return Pattern.compile("[\\w>\\]]\\s+" + Pattern.quote(field) + "\\s*(?:=|;|,)")
          .matcher(body)
          .find();
    }

    /** An enum's constants: the names before its first top-level semicolon. */
    private List<String> constants() {
      int end = body.length();
      int depth = 0;
      for (int i = 0; i < body.length(); i++) {
        char c = body.charAt(i);
        if (c == '(' || c == '{') depth++;
        if (c == ')' || c == '}') depth--;
        if (c == ';' && depth == 0) {
          end = i;
          break;
        }
      }
      return splitTopLevel(body.substring(0, end)).stream()
          .map(each -> each.replaceAll("@\\w+", "").trim().split("[\\s({]")[0])
          .toList();
    }

    /**
     * The parameter lists of the declarations (not the calls) of a method or constructor in this
     * body.
     */
    private List<List<String>> declarations(String method) {
      List<List<String>> found = new ArrayList<>();
      Matcher candidate =
          Pattern.compile(
                  "(?m)^[ \\t]*(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*((?:[\\w$.<>\\[\\]?,]+\\s+)*)"
                      + Pattern.quote(method)
                      + "\\s*\\(")
              .matcher(body);
      while (candidate.find()) {
        String before = candidate.group(1).trim();
        String[] words = before.split("\\s+");
        if (!before.isEmpty() && NOT_A_TYPE.contains(words[words.length - 1])) continue;
        if (before.isEmpty() && !method.equals(simpleName))
          continue; // a call at the start of a line
        int open = candidate.end() - 1;
        int close = matching(body, open, '(', ')');
        String after = body.substring(close + 1).stripLeading();
        if (!(after.startsWith("{")
            || after.startsWith(";")
            || after.startsWith("throws")
            || after.startsWith("default"))) continue;
        found.add(splitTopLevel(body.substring(open + 1, close)));
      }
      return found;
    }

    private static boolean fits(List<String> parameters, int arity) {
      boolean varargs = !parameters.isEmpty() && parameters.getLast().contains("...");
      return parameters.size() == arity || varargs && arity >= parameters.size() - 1;
    }
  }

  private static String lastWord(String declaration) {
    String[] words = declaration.trim().split("\\s+");
    return words[words.length - 1];
  }

  /**
   * Index of the bracket closing the one at {@code open}, skipping string and char literals and
   * comments.
   */
  private static int matching(String text, int open, char opening, char closing) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        if (text.startsWith("\"\"\"", i)) {
          i = text.indexOf("\"\"\"", i + 3) + 2;
          continue;
        }
        for (i++; i < text.length() && text.charAt(i) != c; i++) {
          if (text.charAt(i) == '\\') i++;
        }
      } else if (text.startsWith("//", i)) {
        i = text.indexOf('\n', i);
        if (i < 0) return text.length();
      } else if (text.startsWith("/*", i)) {
        i = text.indexOf("*/", i) + 1;
      } else if (c == opening) {
        depth++;
      } else if (c == closing && --depth == 0) {
        return i;
      }
    }
    return text.length();
  }

  /** Splits at commas outside angle brackets, parentheses and braces; empty for blank text. */
  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '<' || c == '(' || c == '{') depth++;
      if (c == '>' || c == ')' || c == '}') depth--;
      if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    parts.removeIf(String::isBlank);
    return parts;
  }

  /** The number of parameters in a JVM parameter list such as {@code java.lang.String,int}. */
  private static int parameterCount(String jvmParameters) {
    return jvmParameters.isBlank() ? 0 : jvmParameters.split(",").length;
  }

  private static String read(Path file) {
    try {
      return withoutComments(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The text with its comments blanked, string literals kept: javadoc mentions classes and methods
   * too.
   */
  private static String withoutComments(String text) {
    StringBuilder kept = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (text.startsWith("\"\"\"", i)) {
        int end = text.indexOf("\"\"\"", i + 3);
        end = end < 0 ? text.length() : end + 3;
        kept.append(text, i, end);
        i = end - 1;
      } else if (c == '"' || c == '\'') {
        int end = i + 1;
        while (end < text.length() && text.charAt(end) != c)
          end += text.charAt(end) == '\\' ? 2 : 1;
        end = Math.min(end + 1, text.length());
        kept.append(text, i, end);
        i = end - 1;
      } else if (text.startsWith("//", i)) {
        int end = text.indexOf('\n', i);
        i = (end < 0 ? text.length() : end) - 1;
      } else if (text.startsWith("/*", i)) {
        int end = text.indexOf("*/", i + 2);
        i = (end < 0 ? text.length() : end + 2) - 1;
        kept.append(' ');
      } else {
        kept.append(c);
      }
    }
    return kept.toString();
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: SourceTreeCheck OURS [TREE...]");
      System.exit(3);
    }
    ReferenceCheck.References ours = ReferenceCheck.references(Path.of(args[0]));
    if (args.length == 1) {
      ours.references().forEach(System.out::println);
      ours.annotations()
          .forEach(annotation -> System.out.println(annotation + " (only as an annotation)"));
      return;
    }
    int missing = 0;
    for (int i = 1; i < args.length; i++) {
      Result result = check(ours.references(), Path.of(args[i]));
      System.out.printf(
          "references: %s: %d of our %d references are into its packages %s, of which missing %d,"
              + " declared only outside the tree %d; %d are into other packages (not judged"
              + " here)%n",
          args[i],
          result.inScope(),
          ours.references().size(),
          result.scope(),
          result.missing().size(),
          result.unverified().size(),
          result.outOfScope());
      Map<String, Set<String>> lines =
          new TreeMap<>(
              Map.of(
                  "missing",
                  result.missing(),
                  "declared only outside the tree",
                  result.unverified()));
      lines.forEach(
          (label, each) -> each.forEach(line -> System.out.println("  " + label + ": " + line)));
      missing += result.missing().size();
    }
    System.exit(missing == 0 ? 0 : 1);
  }
}
