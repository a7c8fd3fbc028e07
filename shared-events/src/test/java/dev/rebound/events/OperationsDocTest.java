package dev.rebound.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md's fault table promises that each row is held by a test: every row must name one, and every test
 * class (or {@code Class.methodPrefix…}) and scenario file it names must exist in the repository.
 */
class OperationsDocTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final String SECTION = "## Faults: what Rebound does, what you see";
    /** `PushPathTest`, `StuckDetectionPushTest.aHeartbeatStampedAhead…` */
    private static final Pattern TEST = Pattern.compile("`([A-Z][A-Za-z0-9]*)(?:\\.([a-z][A-Za-z0-9]*)…?)?`");
    private static final Pattern SCENARIO = Pattern.compile("`(scenarios/[^`]+\\.yaml)`");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules", ".git", ".rebound");

    @Test
    void everyFaultRowNamesTestsThatExist() throws IOException {
        List<String> rows = faultRows(Files.readString(REPO.resolve("docs/operations.md")));

        assertThat(rows).as("rows of the fault table").hasSizeGreaterThan(10);
        assertThat(problems(rows, testSources())).isEmpty();
    }

    @Test
    void aRowNamingNoTestOrAMissingOneIsFound() {
        Map<String, List<Path>> sources = testSources();
        List<String> rows = List.of(
                "| a fault | handled | seen | `NoSuchClassAnywhereTest` [nowhere] |",
                "| a fault | handled | seen | `OperationsDocTest.noSuchMethod…` |",
                "| a fault | handled | seen | `scenarios/no-such-day.yaml` |",
                "| a fault | handled | seen | nothing |",
                "| a fault | handled | seen | `OperationsDocTest.aRowNaming…`, `scenarios/clean-day.yaml` |");

        assertThat(problems(rows, sources)).containsExactly(
                "row 1 names NoSuchClassAnywhereTest, which is no test class of the repository",
                "row 2 names OperationsDocTest.noSuchMethod, and OperationsDocTest has no such test method",
                "row 3 names scenarios/no-such-day.yaml, which does not exist",
                "row 3 names no test", "row 4 names no test");
    }

    /** The table rows of the fault section, header and separator left out. */
    static List<String> faultRows(String doc) {
        int start = doc.indexOf(SECTION);
        assertThat(start).as("docs/operations.md has the section " + SECTION).isNotNegative();
        int end = doc.indexOf("\n## ", start + SECTION.length());
        List<String> table = doc.substring(start, end < 0 ? doc.length() : end).lines()
                .filter(l -> l.startsWith("| ")).toList();
        return table.subList(Math.min(2, table.size()), table.size());
    }

    static List<String> problems(List<String> rows, Map<String, List<Path>> sources) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String row = "row " + (i + 1);
            String cell = testCell(rows.get(i));
            Matcher scenario = SCENARIO.matcher(cell);
            while (scenario.find()) {
                if (!Files.isRegularFile(REPO.resolve(scenario.group(1)))) {
                    problems.add(row + " names " + scenario.group(1) + ", which does not exist");
                }
            }
            Matcher test = TEST.matcher(cell);
            int named = 0;
            while (test.find()) {
                named++;
                String type = test.group(1);
                String method = test.group(2);
                List<Path> files = sources.getOrDefault(type, List.of());
                if (files.isEmpty()) {
                    problems.add(row + " names " + type + ", which is no test class of the repository");
                } else if (method != null && files.stream().noneMatch(f -> read(f).contains("void " + method))) {
                    problems.add(row + " names " + type + "." + method + ", and " + type
                            + " has no such test method");
                }
            }
            if (named == 0) {
                problems.add(row + " names no test");
            }
        }
        return problems;
    }

    /** The last cell of a table row. */
    private static String testCell(String row) {
        String trimmed = row.strip();
        String inner = trimmed.substring(0, trimmed.length() - 1);
        return inner.substring(inner.lastIndexOf(" | ") + 3);
    }

    /** Every class under a src/test/java of the repository, by simple name (build output and the like skipped). */
    static Map<String, List<Path>> testSources() {
        Map<String, List<Path>> byName = new HashMap<>();
        try {
            Files.walkFileTree(REPO, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return SKIPPED_DIRECTORIES.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".java") && file.toString().contains("/src/test/java/")) {
                        byName.computeIfAbsent(name.substring(0, name.length() - ".java".length()),
                                n -> new ArrayList<>()).add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byName;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
