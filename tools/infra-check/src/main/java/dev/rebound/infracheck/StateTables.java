package dev.rebound.infracheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The services' state tables, as each service creates them locally (its {@code rebound/schema.sql}) and as
 * Terraform declares them in BigQuery (the {@code state_store} dataset's tables): the two must name the same tables
 * with the same columns, or a service that works locally fails on its first query in production.
 */
final class StateTables {
    private static final Pattern CREATE = Pattern.compile(
            "CREATE TABLE IF NOT EXISTS \\$\\{state}\\.(\\w+) \\((.*?)\\n\\);", Pattern.DOTALL);
    private static final Pattern TF_TABLE = Pattern.compile("table_id\\s*=\\s*\"(\\w+)\"");
    private static final Pattern TF_COLUMN = Pattern.compile("\\{\\s*name\\s*=\\s*\"(\\w+)\"");
    private static final List<String> NOT_COLUMNS = List.of("PRIMARY", "UNIQUE", "CONSTRAINT", "FOREIGN", "CHECK");

    private StateTables() {
    }

    /** Table → columns from every {@code src/main/resources/rebound/schema.sql} under the repository. */
    static Map<String, List<String>> fromSchemaScripts(Path repositoryRoot) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        List<Path> scripts = new ArrayList<>();
        scripts.add(repositoryRoot.resolve("service-runtime/src/main/resources/rebound/schema.sql"));
        try (Stream<Path> services = Files.list(repositoryRoot.resolve("services"))) {
            services.sorted().map(s -> s.resolve("src/main/resources/rebound/schema.sql"))
                    .filter(Files::isRegularFile).forEach(scripts::add);
            for (Path script : scripts) {
                Matcher m = CREATE.matcher(Files.readString(script));
                while (m.find()) {
                    List<String> columns = new ArrayList<>();
                    for (String line : m.group(2).split("\n")) {
                        String trimmed = line.strip();
                        if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                            continue;
                        }
                        String first = trimmed.split("\\s+")[0];
                        if (!NOT_COLUMNS.contains(first.toUpperCase())) {
                            columns.add(first.toLowerCase());
                        }
                    }
                    tables.put(m.group(1).toLowerCase(), columns);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tables;
    }

    /** Table → columns of the {@code module "state_store"} call in an environment's datasets.tf. */
    static Map<String, List<String>> fromTerraform(Path datasetsTf) {
        String text;
        try {
            text = Files.readString(datasetsTf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = text.indexOf("module \"state_store\"");
        if (start < 0) {
            return Map.of();
        }
        int end = text.indexOf("\n}\n", start);
        String block = text.substring(start, end < 0 ? text.length() : end);
        Map<String, List<String>> tables = new LinkedHashMap<>();
        Matcher t = TF_TABLE.matcher(block);
        List<int[]> spans = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (t.find()) {
            names.add(t.group(1));
            spans.add(new int[] {t.end(), block.length()});
        }
        for (int i = 0; i < names.size(); i++) {
            int to = i + 1 < spans.size() ? spans.get(i + 1)[0] : block.length();
            Matcher c = TF_COLUMN.matcher(block.substring(spans.get(i)[0], to));
            List<String> columns = new ArrayList<>();
            while (c.find()) {
                columns.add(c.group(1).toLowerCase());
            }
            tables.put(names.get(i), columns);
        }
        return tables;
    }

    static List<Problem> compare(Map<String, List<String>> local, Map<String, List<String>> terraform, String where) {
        List<Problem> problems = new ArrayList<>();
        local.forEach((table, columns) -> {
            List<String> declared = terraform.get(table);
            if (declared == null) {
                problems.add(new Problem("state-tables", where, "state table " + table + " (a service's schema.sql) is not declared"));
            } else if (!declared.equals(columns)) {
                problems.add(new Problem("state-tables", where, "state table " + table + " declares columns " + declared
                        + " but the service creates " + columns));
            }
        });
        terraform.keySet().stream().filter(t -> !local.containsKey(t)).forEach(t -> problems.add(
                new Problem("state-tables", where, "state table " + t + " is declared but no service creates it")));
        return problems;
    }
}
