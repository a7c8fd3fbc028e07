package dev.rebound.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.IdTokenCredentials;
import com.google.auth.oauth2.IdTokenProvider;
import com.google.auth.oauth2.ImpersonatedCredentials;
import com.google.auth.oauth2.UserCredentials;
import dev.rebound.events.codec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The services on Cloud Run: their URLs from the Cloud Run admin API (the caller's Application Default
 * Credentials, which need {@code run.services.get}), and for each a Google identity token whose audience is that
 * URL — the one the service checks. A person's own credentials cannot mint such a token, so for a user the CLI
 * impersonates the operator account ({@code rb-operator@PROJECT}, which the operators group may impersonate);
 * a service account (CI, a VM, ADC set up with impersonation) mints its own.
 */
public final class CloudRun implements Target {
    private static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
    private static final String ADMIN_API = "https://run.googleapis.com/v2/projects/%s/locations/%s/services/%s";

    private final String project;
    private final String region;
    private final Optional<String> impersonate;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<Service, URI> urls = new EnumMap<>(Service.class);
    private GoogleCredentials credentials;
    private IdTokenProvider tokens;

    public CloudRun(String project, String region, Optional<String> impersonate) {
        this.project = project;
        this.region = region;
        this.impersonate = impersonate;
    }

    /** The account a person impersonates by default: infra/ names it {@code rb-operator}. */
    public static String operatorAccount(String project) {
        return "rb-operator@" + project + ".iam.gserviceaccount.com";
    }

    @Override
    public String describe() {
        return "Cloud Run, project " + project + ", region " + region;
    }

    @Override
    public synchronized URI url(Service service) {
        return urls.computeIfAbsent(service, this::discover);
    }

    @Override
    public synchronized Optional<String> authorization(Service service) {
        String audience = url(service).toString();
        try {
            IdTokenCredentials id = IdTokenCredentials.newBuilder().setIdTokenProvider(tokens())
                    .setTargetAudience(audience)
                    .setOptions(List.of(IdTokenProvider.Option.INCLUDE_EMAIL, IdTokenProvider.Option.FORMAT_FULL))
                    .build();
            id.refresh();
            return Optional.of("Bearer " + id.getIdToken().getTokenValue());
        } catch (IOException e) {
            throw new CliException(Exit.UNAUTHORIZED, "cannot mint an identity token for " + audience + " as "
                    + tokenAccount() + ": " + e.getMessage() + " (the operators group needs"
                    + " roles/iam.serviceAccountOpenIdTokenCreator on it; see infra/README.md)", e);
        }
    }

    @Override
    public List<String> notes() {
        return List.of("calling as " + tokenAccount());
    }

    /** The service's URL whose token audience the service checks: its deterministic run.app URL when listed. */
    static URI serviceUrl(String service, String region, JsonNode described) {
        Pattern deterministic = Pattern.compile("https://" + Pattern.quote(service) + "-\\d+\\."
                + Pattern.quote(region) + "\\.run\\.app/?");
        List<String> candidates = new ArrayList<>();
        described.path("urls").forEach(u -> candidates.add(u.asText()));
        Optional<String> match = candidates.stream().filter(u -> deterministic.matcher(u).matches()).findFirst();
        String url = match.orElse(described.path("uri").asText(""));
        if (url.isBlank()) {
            throw new CliException(Exit.UNREACHABLE, service + " has no URL yet (is it deployed and ready?)");
        }
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    private URI discover(Service service) {
        URI api = URI.create(String.format(ADMIN_API, project, region, service.serviceName()));
        try {
            AccessToken token = credentials().refreshAccessToken();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token.getTokenValue()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new CliException(r.statusCode() == 403 || r.statusCode() == 401 ? Exit.UNAUTHORIZED
                        : Exit.UNREACHABLE, "the Cloud Run admin API answered " + r.statusCode() + " for "
                        + service.serviceName() + " in " + project + "/" + region + ": " + r.body().strip());
            }
            return serviceUrl(service.serviceName(), region, Json.mapper().readTree(r.body()));
        } catch (IOException e) {
            throw new CliException(Exit.UNREACHABLE, "cannot reach the Cloud Run admin API: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(Exit.UNREACHABLE, "interrupted", e);
        }
    }

    private GoogleCredentials credentials() {
        if (credentials == null) {
            try {
                credentials = GoogleCredentials.getApplicationDefault().createScoped(CLOUD_PLATFORM);
            } catch (IOException e) {
                throw new CliException(Exit.UNAUTHORIZED, "no Google credentials: run"
                        + " `gcloud auth application-default login` (" + e.getMessage() + ")", e);
            }
        }
        return credentials;
    }

    /** A person impersonates the operator account; a service account with ADC mints its own tokens. */
    private IdTokenProvider tokens() {
        if (tokens == null) {
            GoogleCredentials adc = credentials();
            if (impersonate.isEmpty() && adc instanceof IdTokenProvider own && !(adc instanceof UserCredentials)) {
                tokens = own;
            } else {
                tokens = ImpersonatedCredentials.create(adc, tokenAccount(), null, List.of(CLOUD_PLATFORM), 3600);
            }
        }
        return tokens;
    }

    private String tokenAccount() {
        if (impersonate.isPresent()) {
            return impersonate.get();
        }
        GoogleCredentials adc = credentials;
        if (adc != null && !(adc instanceof UserCredentials) && adc instanceof IdTokenProvider) {
            return "the Application Default Credentials' service account";
        }
        return operatorAccount(project);
    }
}
