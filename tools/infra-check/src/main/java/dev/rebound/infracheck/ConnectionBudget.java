package dev.rebound.infracheck;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Whether the state store's max_connections holds every service at its limit: each service's connection pool
 * ({@code quarkus.datasource.jdbc.max-size}) at its manifest's maxScale, counted twice because a deploy runs the old
 * and the new revision side by side (and Cloud Run may briefly exceed maxScale), plus connections kept for operators
 * and Cloud SQL's own sessions. docs/operations.md#connection-sizing shows the same arithmetic.
 */
final class ConnectionBudget {

    static final String CHECK = "connection-budget";
    static final String POOL_KEY = "quarkus.datasource.jdbc.max-size";
    static final String POOL_ENV = "QUARKUS_DATASOURCE_JDBC_MAX_SIZE";
    /** A deploy overlaps the outgoing and the incoming revision, each up to maxScale instances. */
    static final int REVISIONS_DURING_DEPLOY = 2;
    /**
     * Kept out of the services' share: PostgreSQL's superuser_reserved_connections (3), Cloud SQL's own agents, and
     * operators' sessions (the bootstrap, a restore check, a psql through the Auth Proxy).
     */
    static final int RESERVED_CONNECTIONS = 20;

    /** One service's share: instances at most, and connections per instance with where that number comes from. */
    record Share(String service, int maxScale, int pool, String poolFrom) {
        int connections() {
            return REVISIONS_DURING_DEPLOY * maxScale * pool;
        }
    }

    private final Path repositoryRoot;

    ConnectionBudget(Path repositoryRoot) {
        this.repositoryRoot = repositoryRoot;
    }

    /** The problem, if the shares and the reserve do not fit in {@code maxConnections}. */
    static List<Problem> check(String where, List<Share> shares, int maxConnections) {
        int needed = shares.stream().mapToInt(Share::connections).sum() + RESERVED_CONNECTIONS;
        if (needed <= maxConnections) {
            return List.of();
        }
        String sum = shares.stream().map(s -> s.service() + " " + s.maxScale() + " x " + s.pool())
                .collect(Collectors.joining(" + "));
        return List.of(new Problem(CHECK, where, REVISIONS_DURING_DEPLOY + " revisions x (" + sum + ") + "
                + RESERVED_CONNECTIONS + " reserved = " + needed + " connections, more than max_connections "
                + maxConnections));
    }

    /**
     * A service's pool size: the manifest's {@value #POOL_ENV} if set, else its application.properties (the %prod
     * value first), else the runtime's default (service-runtime's microprofile-config.properties).
     */
    Optional<Share> share(String service, int maxScale, Map<String, String> manifestEnv) {
        Map<String, Path> sources = new LinkedHashMap<>();
        sources.put("services/" + service + "/src/main/resources/application.properties",
                repositoryRoot.resolve("services").resolve(service).resolve("src/main/resources/application.properties"));
        sources.put("service-runtime's microprofile-config.properties", repositoryRoot
                .resolve("service-runtime/src/main/resources/META-INF/microprofile-config.properties"));
        if (manifestEnv.containsKey(POOL_ENV)) {
            return number(manifestEnv.get(POOL_ENV)).map(n -> new Share(service, maxScale, n, "manifest " + POOL_ENV));
        }
        for (Map.Entry<String, Path> source : sources.entrySet()) {
            Properties properties = load(source.getValue());
            for (String key : List.of("%prod." + POOL_KEY, POOL_KEY)) {
                Optional<Integer> pool = number(properties.getProperty(key));
                if (pool.isPresent()) {
                    return Optional.of(new Share(service, maxScale, pool.get(), source.getKey() + " " + key));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Integer> number(String text) {
        return text != null && text.strip().matches("\\d+") ? Optional.of(Integer.valueOf(text.strip()))
                : Optional.empty();
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }
}
