package dev.rebound.backfillorchestrator.rest;

import com.google.api.client.json.webtoken.JsonWebToken;
import com.google.auth.oauth2.TokenVerifier;
import dev.rebound.backfillorchestrator.config.BackfillConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Operator endpoints (manual plans, replay) accept a Google-signed OIDC identity token of an allowed operator
 * account ({@code gcloud auth print-identity-token}); switched off locally, on in the prod profile.
 */
@ApplicationScoped
public class OperatorAuthenticator {
    private final boolean enabled;
    private final List<String> accounts;
    private final TokenVerifier verifier;

    public OperatorAuthenticator(BackfillConfig config) {
        BackfillConfig.OperatorAuth auth = config.operatorAuth();
        this.enabled = auth.enabled();
        this.accounts = auth.accounts().orElse(List.of());
        if (enabled) {
            String audience = auth.audience().filter(a -> !a.isBlank()).orElseThrow(() -> new ConfigurationException(
                    "rebound.backfill.operator-auth.audience is required when operator auth is enabled"));
            if (accounts.isEmpty()) {
                throw new ConfigurationException(
                        "rebound.backfill.operator-auth.accounts is required when operator auth is enabled");
            }
            this.verifier = TokenVerifier.newBuilder().setAudience(audience).setIssuer(auth.issuer())
                    .setCertificatesLocation(auth.certificatesUrl()).build();
        } else {
            this.verifier = null;
        }
    }

    /** Empty when the caller may proceed; otherwise why not. */
    public Optional<String> refuse(String authorizationHeader) {
        if (!enabled) {
            return Optional.empty();
        }
        if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
            return Optional.of("missing bearer token");
        }
        JsonWebToken token;
        try {
            token = verifier.verify(authorizationHeader.substring("Bearer ".length()).trim());
        } catch (TokenVerifier.VerificationException e) {
            return Optional.of("token rejected: " + e.getMessage());
        }
        Object email = token.getPayload().get("email");
        if (email == null || !accounts.contains(email.toString())) {
            return Optional.of("token is for " + email + ", not an allowed operator account");
        }
        if (!"true".equals(String.valueOf(token.getPayload().get("email_verified")))) {
            return Optional.of("token email is not verified");
        }
        return Optional.empty();
    }

    /** Throws a JSON 401 when the caller is refused. */
    public void require(String authorizationHeader) {
        refuse(authorizationHeader).ifPresent(why -> {
            throw new WebApplicationException(Response.status(Response.Status.UNAUTHORIZED)
                    .type(MediaType.APPLICATION_JSON).entity(Map.of("error", why)).build());
        });
    }
}
