package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rebound.scenario.Expectation;
import dev.rebound.testing.RequiresPubSubEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped scenario through the real processes — PostgreSQL, the emulator, the four packaged services and the
 * simulator, each its own process — with the verdict computed from the shared database and the archive. Every
 * scenario must pass, except the negative control, whose impossible expectations must make the verdict FAIL. Each
 * runs one instance of every service on push subscriptions (see {@link #INSTANCES}).
 * The Jan 23 replay's mesh then serves the runbook: every command of docs/runbook.md runs through the operators' CLI
 * before it stops.
 */
@RequiresPubSubEmulator
class ScenariosIT {
    static final Path REPO = Path.of(System.getProperty("rebound.home", "../..")).toAbsolutePath().normalize();
    static final String NEGATIVE_CONTROL = "negative-control";
    /**
     * Scenarios replayed at more than one instance of every service (their restarts are skipped at one). None: at two
     * instances a killed instance delays what it held by a 10 s lease, which at these speeds is longer than a stuck
     * threshold in sim time (see docs/scenarios.md).
     */
    static final Map<String, Integer> INSTANCES = Map.of();
    /** After this scenario's verdict, every command of docs/runbook.md runs against its mesh before it stops. */
    static final String RUNBOOK_SCENARIO = "2026-01-23-cascade.yaml";

    static Stream<Path> scenarios() throws IOException {
        try (Stream<Path> files = Files.list(REPO.resolve("scenarios"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @BeforeAll
    static void everyServiceIsPackaged() {
        MeshLayout layout = layout();
        List<String> missing = ScenarioRun.allServices().stream().filter(s -> !layout.built(s))
                .map(s -> layout.jarOf(s).toString()).toList();
        assertThat(missing).as("service jars (package the services before this module)").isEmpty();
    }

    static MeshLayout layout() {
        return new MeshLayout(REPO, REPO.resolve("tools/launcher/target/it-mesh"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theVerdictIsPassExceptForTheNegativeControl(Path scenario) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int instances = INSTANCES.getOrDefault(scenario.getFileName().toString(), 1);
        boolean runbook = scenario.getFileName().toString().equals(RUNBOOK_SCENARIO);
        Verdict verdict;
        try {
            verdict = new ScenarioRun(layout(), out).run(new ScenarioRun.Options(scenario, null, runbook,
                    instances));
            if (runbook) {
                RunbookChecks.runAgainst(layout());
            }
        } finally {
            if (runbook) {
                new ManagedProcesses(layout().pids()).stopAll(Duration.ofSeconds(10));
            }
        }
        String transcript = buffer.toString(StandardCharsets.UTF_8);
        Files.writeString(layout().runDir().resolve(scenario.getFileName() + ".out"), transcript);
        boolean negative = scenario.getFileName().toString().startsWith(NEGATIVE_CONTROL);
        assertThat(verdict.results()).as("expectations evaluated").isNotEmpty();
        assertThat(verdict.wallTime()).isLessThan(Duration.ofMinutes(4));
        if (negative) {
            assertThat(verdict.passed()).as("the negative control must FAIL:%n%s", transcript).isFalse();
            // every expectation is impossible except the duplicate-run guard every shipped scenario ends with
            assertThat(verdict.results()).filteredOn(r -> r.expectation().type() != Expectation.Type.no_duplicate_runs)
                    .noneMatch(ExpectationChecks.Result::held);
        } else {
            assertThat(verdict.passed()).as("verdict of %s:%n%s", scenario.getFileName(), transcript).isTrue();
        }
        assertThat(new ManagedProcesses(layout().pids()).entries()).as("every process stopped").isEmpty();
    }
}
