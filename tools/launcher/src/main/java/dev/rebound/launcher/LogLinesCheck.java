package dev.rebound.launcher;

import dev.rebound.launcher.ExpectationChecks.Result;
import dev.rebound.scenario.Expectation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** {@code log_lines}: how many lines of a service's log (every instance's) match a regular expression. */
final class LogLinesCheck {
    private LogLinesCheck() {
    }

    static Result check(Expectation e, ServiceReadings readings) throws IOException {
        List<Path> logs = readings.logs().getOrDefault(e.service(), List.of()).stream().filter(Files::exists).toList();
        if (logs.isEmpty()) {
            return new Result(e, false, "no log of " + e.service());
        }
        Pattern pattern = Pattern.compile(e.pattern());
        List<String> found = new ArrayList<>();
        for (Path log : logs) {
            try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                lines.filter(l -> pattern.matcher(l).find()).forEach(found::add);
            }
        }
        String names = logs.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "));
        String sample = found.isEmpty() ? "" : "; first: " + abbreviate(found.get(0));
        return new Result(e, e.accepts(found.size()), found.size() + " line(s) of " + names + " match /"
                + e.pattern() + "/ (expected " + e.expected() + ")" + sample);
    }

    private static String abbreviate(String line) {
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }
}
