package dev.rebound.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The project id from the metadata server of Cloud Run and GCE ({@code GCE_METADATA_HOST} overrides its host). */
final class MetadataServer {
    private MetadataServer() {
    }

    static Optional<String> projectId() {
        String host = System.getenv().getOrDefault("GCE_METADATA_HOST", "metadata.google.internal");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + host + "/computeMetadata/v1/project/project-id"))
                    .header("Metadata-Flavor", "Google").timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && !response.body().isBlank()
                    ? Optional.of(response.body().trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
