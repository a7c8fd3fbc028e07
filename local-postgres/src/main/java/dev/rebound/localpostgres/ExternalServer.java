package dev.rebound.localpostgres;

import java.net.URI;
import java.util.Optional;

/**
 * A server someone else runs (the machine's own, or a container), named by a {@code jdbc:postgresql://host:port/db}
 * URL with its parameters (user, password...). Rebound only swaps the database name in it.
 */
final class ExternalServer implements PostgresServer {
    private final String prefix;
    private final String query;

    ExternalServer(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException(URL_VARIABLE + " must be a jdbc:postgresql:// URL, was " + url);
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(URL_VARIABLE + " names no host: " + url);
        }
        this.prefix = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/";
        this.query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    }

    @Override
    public String jdbcUrl(String database) {
        return prefix + database + query;
    }

    @Override
    public Optional<Long> pid() {
        return Optional.empty();
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
