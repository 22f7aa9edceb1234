package dev.seedflow.seedance.smoke;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;

/**
 * Every class, method, constructor and field of Camunda ({@code io.camunda.*}) and Spring ({@code
 * org.springframework.*}) that our jar's bytecode references, looked up in another platform's jars:
 * what would break there before anything runs, on paths a smoke run never takes. Read with
 * ArchUnit's importer; looked up by reflection in a class loader of those jars alone (nothing is
 * initialised).
 */
final class ReferenceCheck {
  private static final List<String> PLATFORM = List.of("io.camunda.", "org.springframework.");

  /**
   * What was checked, and what did not resolve.
   *
   * @param annotationsOnly classes referenced only through annotations, which are not looked up
   */
  record Result(int references, Set<String> missing, int annotationsOnly) {}

  private ReferenceCheck() {}

  /**
   * What our bytecode references on the platform, in the form {@code class C}, {@code field C.f},
   * {@code method C.m(P1,P2)} or {@code constructor C(P1)} with JVM names.
   *
   * @param annotations classes referenced only through annotations, which a JVM skips when absent
   */
  record References(Set<String> references, Set<String> annotations) {}

  /**
   * @param ours our jar, or a folder of our classes
   */
  static References references(Path ours) throws IOException {
    JavaClasses classes;
    if (Files.isDirectory(ours)) {
      classes = new ClassFileImporter().importPath(ours);
    } else {
      try (JarFile jar = new JarFile(ours.toFile())) {
        classes = new ClassFileImporter().importJar(jar);
      }
    }
    Set<String> references = new TreeSet<>();
    Set<String> annotations = new TreeSet<>();
    for (JavaClass type : classes) {
      for (JavaAccess<?> access : type.getAccessesFromSelf()) {
        AccessTarget target = access.getTarget();
        if (onPlatform(target.getOwner().getName())) references.add(describe(target));
      }
      for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
        String name = dependency.getTargetClass().getBaseComponentType().getName();
        if (!onPlatform(name)) continue;
        (isAnnotation(dependency) ? annotations : references).add("class " + name);
      }
    }
    annotations.removeAll(references); // used in code as well: checked as a class
    references.removeIf(
        reference -> reference.startsWith("class ") && annotations.contains(reference));
    return new References(references, annotations);
  }

  /**
   * @param ours our jar, or a folder of our classes
   */
  static Result check(Path ours, List<Path> platform) throws IOException {
    References found = references(ours);
    Set<String> missing = new TreeSet<>();
    URL[] urls = platform.stream().map(ReferenceCheck::url).toArray(URL[]::new);
    try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
      for (String reference : found.references()) {
        String problem = resolve(reference, loader);
        if (problem != null) missing.add(reference + ": " + problem);
      }
    }
    return new Result(found.references().size(), missing, found.annotations().size());
  }

  /**
   * A dependency through an annotation or an annotation's value: the JVM skips an annotation whose
   * class is absent, so such a class is needed to build, not to run (the template generator's
   * annotations, for example).
   */
  private static boolean isAnnotation(Dependency dependency) {
    String description = dependency.getDescription();
    return description.contains("is annotated with")
        || description.contains("has annotation member of type")
        || description.contains("annotated with <");
  }

  private static boolean onPlatform(String className) {
    return PLATFORM.stream().anyMatch(className::startsWith);
  }

  /**
   * {@code class C}, {@code field C.f}, {@code method C.m(P1,P2)} or {@code constructor C(P1)},
   * with JVM names.
   */
  private static String describe(AccessTarget target) {
    String owner = target.getOwner().getName();
    if (target instanceof AccessTarget.FieldAccessTarget field)
      return "field " + owner + "." + field.getName();
    List<String> parameters =
        ((AccessTarget.CodeUnitAccessTarget) target)
            .getRawParameterTypes().stream().map(JavaClass::getName).toList();
    boolean constructor =
        target instanceof AccessTarget.ConstructorCallTarget
            || target instanceof AccessTarget.ConstructorReferenceTarget;
    return (constructor ? "constructor " + owner : "method " + owner + "." + target.getName())
        + "("
        + String.join(",", parameters)
        + ")";
  }

  /** Null when the reference resolves, else why not. */
  private static String resolve(String reference, ClassLoader loader) {
    String kind = kind(reference);
    String rest = reference.substring(kind.length() + 1);
    String owner = owner(reference);
    Class<?> type;
    try {
      type = Class.forName(owner, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return "no class " + owner;
    }
    try {
      return switch (kind) {
        case "class" -> null;
        case "field" -> fieldIn(type, rest.substring(owner.length() + 1)) ? null : "no such field";
        case "constructor" ->
            Arrays.stream(type.getDeclaredConstructors())
                    .anyMatch(c -> parameters(c).equals(rest.substring(owner.length())))
                ? null
                : "no such constructor";
        default -> methodIn(type, rest.substring(owner.length() + 1)) ? null : "no such method";
      };
    } catch (LinkageError e) {
      return "its members cannot be read: " + e;
    }
  }

  /** {@code class}, {@code field}, {@code method} or {@code constructor}. */
  static String kind(String reference) {
    return reference.substring(0, reference.indexOf(' '));
  }

  /** The JVM name of the class a reference is to, or into. */
  static String owner(String reference) {
    String rest = reference.substring(kind(reference).length() + 1);
    return switch (kind(reference)) {
      case "class", "constructor" ->
          rest.contains("(") ? rest.substring(0, rest.indexOf('(')) : rest;
      default ->
          rest.substring(
              0, rest.lastIndexOf('.', rest.contains("(") ? rest.indexOf('(') : rest.length()));
    };
  }

  private static boolean fieldIn(Class<?> type, String name) {
    for (Class<?> each : hierarchy(type)) {
      for (Field field : each.getDeclaredFields()) {
        if (field.getName().equals(name)) return true;
      }
    }
    return false;
  }

  private static boolean methodIn(Class<?> type, String signature) {
    String name = signature.substring(0, signature.indexOf('('));
    String parameters = signature.substring(name.length());
    for (Class<?> each : hierarchy(type)) {
      if (Arrays.stream(each.getDeclaredMethods())
          .anyMatch(m -> m.getName().equals(name) && parameters(m).equals(parameters))) return true;
    }
    return false;
  }

  private static String parameters(Executable code) {
    return "("
        + String.join(",", Arrays.stream(code.getParameterTypes()).map(Class::getName).toList())
        + ")";
  }

  /**
   * The type, its superclasses and every interface it inherits, where a referenced member may be
   * declared.
   */
  private static List<Class<?>> hierarchy(Class<?> type) {
    List<Class<?>> all = new ArrayList<>();
    Set<Class<?>> seen = new HashSet<>();
    Deque<Class<?>> next = new ArrayDeque<>(List.of(type));
    while (!next.isEmpty()) {
      Class<?> each = next.pop();
      if (!seen.add(each)) continue;
      all.add(each);
      if (each.getSuperclass() != null) next.add(each.getSuperclass());
      next.addAll(List.of(each.getInterfaces()));
    }
    return all;
  }

  private static URL url(Path path) {
    try {
      return path.toUri().toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException(path.toString(), e);
    }
  }
}
