package dev.rebound.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The local mesh {@code ./rebound up} started: its endpoints are in {@code .rebound/env} ({@code KEY=VALUE}
 * lines), and nothing asks for a token.
 */
public final class LocalMesh implements Target {
    /** Where {@code ./rebound up} writes the mesh's endpoints, relative to the repository root. */
    public static final Path ENV = Path.of(".rebound", "env");

    private final Path file;
    private final Map<String, String> env;

    private LocalMesh(Path file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    /** {@code .rebound/env} in the working directory or the nearest directory above it that has one. */
    public static Optional<Path> find(Path from) {
        for (Path dir = from.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(ENV);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static LocalMesh read(Path file) {
        Map<String, String> env = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (line.startsWith("#") || eq < 0) {
                    continue;
                }
                env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim().replaceAll("^'|'$", ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new LocalMesh(file, env);
    }

    @Override
    public String describe() {
        return "local mesh (" + file + ")";
    }

    @Override
    public URI url(Service service) {
        String url = env.get(service.envKey());
        if (url == null || url.isBlank()) {
            throw new CliException(Exit.UNREACHABLE, file + " names no " + service.envKey()
                    + ": is the mesh up (./rebound up)?");
        }
        return URI.create(url);
    }

    @Override
    public Optional<String> authorization(Service service) {
        return Optional.empty();
    }

    @Override
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        simTime(Instant.now()).ifPresent(sim -> notes.add("sim clock " + sim + " (speed "
                + env.get("REBOUND_CLOCK_SPEED") + ")" + Optional.ofNullable(env.get("REBOUND_SCENARIO"))
                        .map(s -> ", scenario " + Path.of(s).getFileName()).orElse("")));
        Optional.ofNullable(env.get("REBOUND_DASHBOARD_URL")).ifPresent(url -> notes.add("dashboard " + url));
        return notes;
    }

    /** The mesh's scenario clock: start + speed × (now − anchor), the same formula every service uses. */
    Optional<Instant> simTime(Instant now) {
        try {
            Instant start = Instant.parse(env.get("REBOUND_CLOCK_START"));
            Instant anchor = Instant.parse(env.get("REBOUND_CLOCK_ANCHOR"));
            double speed = Double.parseDouble(env.get("REBOUND_CLOCK_SPEED"));
            long elapsed = Duration.between(anchor, now).toMillis();
            return Optional.of(start.plusMillis(Math.round(elapsed * speed)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        } catch (NullPointerException | DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
