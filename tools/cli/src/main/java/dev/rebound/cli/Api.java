package dev.rebound.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.rebound.events.codec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The services' operator API over HTTP: JSON in and out, the target's token on every call, and a refusal turned
 * into the problem's own words ({@code detail}) with the matching exit code.
 */
public final class Api {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final Target target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Api(Target target) {
        this.target = target;
    }

    public Target target() {
        return target;
    }

    public JsonNode get(Service service, String path) {
        return send(service, path, HttpRequest.newBuilder().GET());
    }

    public JsonNode post(Service service, String path, Object body) {
        try {
            return send(service, path, HttpRequest.newBuilder().header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(
                            body == null ? Map.of() : body))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code path?k=v&...} for the parameters that are set. */
    public static String query(String path, Map<String, ?> parameters) {
        StringJoiner q = new StringJoiner("&", path + "?", "").setEmptyValue(path);
        new LinkedHashMap<>(parameters).forEach((k, v) -> {
            if (v != null) {
                q.add(k + "=" + URLEncoder.encode(v.toString(), StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }

    private JsonNode send(Service service, String path, HttpRequest.Builder request) {
        URI uri = URI.create(target.url(service) + path);
        request.uri(uri).timeout(TIMEOUT).header("Accept", "application/json");
        target.authorization(service).ifPresent(a -> request.header("Authorization", a));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException(Exit.UNREACHABLE, service.serviceName() + " cannot be reached at "
                    + target.url(service) + " (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                            : e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(Exit.UNREACHABLE, "interrupted", e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            String detail = body != null && body.hasNonNull("detail") ? body.get("detail").asText()
                    : response.body().isBlank() ? "(no detail)" : response.body().strip();
            throw new CliException(Exit.ofStatus(response.statusCode()), service.serviceName() + " answered "
                    + response.statusCode() + " to " + request.build().method() + " " + path + ": " + detail);
        }
        return body == null ? Json.mapper().nullNode() : body;
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }
}
