package dev.seedflow.seedance.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.conditions.ArchConditions.accessFieldWhere;
import static com.tngtech.archunit.lang.conditions.ArchPredicates.are;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.request.DialectRules;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.RequestValidator;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product's package boundaries, read from its bytecode (the product jar's classes, not the
 * tools or the tests): no package cycle, the provider side knows nothing of Camunda, and only the
 * worker speaks to the engine.
 */
class PackageBoundariesTest {
  private static JavaClasses product;

  @BeforeAll
  static void read() {
    product =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.seedflow.seedance");
    assertThat(product.size())
        .as("the product's classes were found, so no rule holds by having nothing to check")
        .isGreaterThan(100);
  }

  @Test
  void noPackageDependsOnItselfThroughAnother() {
    slices().matching("dev.seedflow.seedance.(*)..").should().beFreeOfCycles().check(product);
  }

  @Test
  void theProviderSideKnowsNoCamundaType() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "..seedance.client..",
            "..seedance.request..",
            "..seedance.cost..",
            "..seedance.error..",
            "..seedance.json..",
            "..seedance.settings..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.camunda..")
        .because(
            "the API client, the request and its validation, and the estimates run the same in and"
                + " out of Camunda")
        .check(product);
  }

  @Test
  void onlyTheWorkerTalksToTheEngine() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..seedance.worker..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.camunda.client..", "io.camunda.zeebe..")
        .because("the connector runs inside the connectors runtime, which owns the engine's client")
        .check(product);
  }

  /**
   * The worker's rooms: engine (the gate and every command), submit (intent, admission, lost
   * creates), waiting (watcher, planner, rate budget), keeping, inputs, callbacks, and shared (what
   * they all use), wired together by the classes of {@code worker} itself. No room leans on another
   * that leans back on it.
   */
  @Test
  void theWorkersRoomsHaveNoCycle() {
    slices()
        .matching("dev.seedflow.seedance.worker.(*)..")
        .should()
        .beFreeOfCycles()
        .check(product);
    assertThat(product.getPackage("dev.seedflow.seedance.worker").getSubpackages())
        .as("the rooms were found")
        .extracting(pkg -> pkg.getRelativeName())
        .contains("engine", "submit", "waiting", "keeping", "inputs", "shared");
  }

  /**
   * The worker's top level is the wiring: it builds every room and imports them all, so no room may
   * lean back on it. What the rooms share (the job's kinds and steps, the settings, the meters)
   * lives below them, in {@code shared}; without this rule the top could be both top and bottom,
   * which the slice rule above, matching only sub-packages, would not see.
   */
  @Test
  void noRoomOfTheWorkerLeansOnItsWiring() {
    noClasses()
        .that()
        .resideInAPackage("dev.seedflow.seedance.worker.*..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.seedflow.seedance.worker")
        .because("the worker's top level wires the rooms together and is imported by none of them")
        .check(product);
  }

  @Test
  void inTheWorkerOnlyTheEngineRoomAndTheWiringTalkToTheEngine() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "..seedance.worker.submit..",
            "..seedance.worker.waiting..",
            "..seedance.worker.keeping..",
            "..seedance.worker.inputs..",
            "..seedance.worker.shared..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.camunda.client..", "io.camunda.zeebe..")
        .because(
            "submitting, waiting and keeping decide; the engine room sends what they decide,"
                + " through its one gate")
        .check(product);
  }

  /**
   * Camunda 8.10 removes the Zeebe Java client and the Spring Zeebe SDK: the product speaks only
   * through the Camunda Java client ({@code io.camunda.client}), so it has nothing to lose there
   * (docs/compatibility.md).
   */
  @Test
  void nothingUsesTheZeebeClientThat810Removes() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.camunda.zeebe.client..", "io.camunda.zeebe.spring..")
        .check(product);
  }

  @Test
  void theRequestIsTheBaseAndKnowsNoneAboveIt() {
    noClasses()
        .that()
        .resideInAPackage("..seedance.request..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..seedance.client..",
            "..seedance.cost..",
            "..seedance.connector..",
            "..seedance.worker..",
            "..seedance.model..",
            "..seedance.store..",
            "..seedance.result..")
        .check(product);
  }

  /**
   * What one provider's API is, is said in its dialect's file and nowhere else: no class outside
   * the dialects names a dialect's class or a provider type, so adding a dialect is its one file
   * and its entry (see {@link Dialect}).
   */
  @Test
  void eachDialectIsKnownOnlyInItsOwnFile() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..seedance.client.dialect..")
        .and()
        .doNotBelongToAnyOf(ProviderType.class)
        .should()
        .dependOnClassesThat(are(assignableTo(Dialect.class)).and(not(type(Dialect.class))))
        .orShould(
            accessFieldWhere(
                DescribedPredicate.describe(
                    "a provider type other than the default",
                    access ->
                        access.getTargetOwner().isEquivalentTo(ProviderType.class)
                            && !access.getName().equals("DEFAULT"))))
        .because(
            "a provider's rules, body, paths and quirks belong to its dialect; elsewhere only"
                + " Dialect.of(type) is asked")
        .check(product);
  }

  @Test
  void onlyValidationMakesAValidRequest() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(RequestValidator.class.getName())
        .should()
        .callConstructor(ValidRequest.class, VideoRequest.class, DialectRules.class)
        .check(product);
  }
}
