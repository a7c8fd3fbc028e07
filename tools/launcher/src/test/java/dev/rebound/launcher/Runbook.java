package dev.rebound.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.cli.Exit;
import dev.rebound.cli.Rebound;
import dev.rebound.events.codec.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The commands of docs/runbook.md, run as an operator would type them, through the operators' CLI against a
 * running mesh. Every {@code ./rebound ...} line of a {@code bash} block is a command (a trailing {@code # ...}
 * is its comment); {@code <plan_id>} and {@code <message_id>} are filled from what the mesh holds when the command
 * runs: a plan in progress (else the newest), and a quarantined message whose original can be re-published.
 */
final class Runbook {
    static final String PREFIX = "./rebound ";

    /** One command as run: its arguments, exit code and output. */
    record Ran(List<String> args, int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "./rebound " + String.join(" ", args) + "  → exit " + exitCode + "\n" + out + err;
        }
    }

    private final Path env;
    private final Path repo;

    Runbook(Path repo, Path env) {
        this.repo = repo;
        this.env = env;
    }

    /** The command lines of the runbook, in order, without {@code ./rebound} and comments. */
    static List<String> commands(Path runbook) throws IOException {
        List<String> commands = new ArrayList<>();
        boolean inBash = false;
        for (String line : Files.readAllLines(runbook)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("```")) {
                inBash = !inBash && trimmed.equals("```bash");
                continue;
            }
            if (inBash && trimmed.startsWith(PREFIX)) {
                String command = trimmed.substring(PREFIX.length());
                int comment = command.indexOf(" #");
                commands.add((comment < 0 ? command : command.substring(0, comment)).strip());
            }
        }
        return commands;
    }

    /** Runs every command of the runbook, in order, and returns what each did. */
    List<Ran> runAll() throws IOException {
        List<Ran> ran = new ArrayList<>();
        for (String command : commands(repo.resolve("docs/runbook.md"))) {
            ran.add(run(fill(command)));
        }
        return ran;
    }

    Ran run(List<String> args) {
        List<String> all = new ArrayList<>(List.of("--env", env.toString()));
        all.addAll(args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Rebound.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), repo);
        return new Ran(args, code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    JsonNode json(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        Ran r = run(all);
        assertThat(r.exitCode()).as("%s", r).isEqualTo(Exit.OK);
        try {
            return Json.mapper().readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r, e);
        }
    }

    private List<String> fill(String command) {
        List<String> args = new ArrayList<>();
        for (String word : command.split("\\s+")) {
            args.add(switch (word) {
                case "<plan_id>" -> planId();
                case "<message_id>" -> republishableMessageId();
                default -> word;
            });
        }
        return args;
    }

    private String planId() {
        JsonNode plans = json("plans", "list");
        Function<JsonNode, String> first = list -> list.size() == 0 ? null : list.get(0).path("plan_id").asText();
        String id = first.apply(plans.path("active"));
        return id != null ? id : first.apply(plans.path("recent"));
    }

    private String republishableMessageId() {
        for (JsonNode q : json("quarantine", "list", "--since", "1d")) {
            if ("message_data".equals(q.path("content").asText()) && q.hasNonNull("subscription")) {
                return q.path("message_id").asText();
            }
        }
        throw new AssertionError("nothing quarantined to show: the scenario's poison messages should be");
    }
}
