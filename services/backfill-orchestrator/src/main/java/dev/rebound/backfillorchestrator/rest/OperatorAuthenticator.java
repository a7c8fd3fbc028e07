package dev.rebound.backfillorchestrator.rest;

import com.google.api.client.json.webtoken.JsonWebToken;
import com.google.auth.oauth2.TokenVerifier;
import dev.rebound.backfillorchestrator.config.BackfillConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Operator endpoints (manual plans, replay) accept a Google-signed OIDC identity token of an allowed operator
 * account ({@code gcloud auth print-identity-token}); switched off locally, on in the prod profile.
 */
@Startup
@ApplicationScoped
public class OperatorAuthenticator {
    private static final Logger LOG = Logger.getLogger(OperatorAuthenticator.class);
    private final boolean enabled;
    private final List<String> accounts;
    private final TokenVerifier verifier;
    private final String misconfigured;

    public OperatorAuthenticator(BackfillConfig config) {
        BackfillConfig.OperatorAuth auth = config.operatorAuth();
        this.enabled = auth.enabled();
        this.accounts = auth.accounts().orElse(List.of());
        Optional<String> audience = auth.audience().filter(a -> !a.isBlank());
        if (enabled && audience.isPresent()) {
            this.verifier = TokenVerifier.newBuilder().setAudience(audience.get()).setIssuer(auth.issuer())
                    .setCertificatesLocation(auth.certificatesUrl()).build();
        } else {
            this.verifier = null;
        }
        // fail closed rather than stop the whole service: repairs keep running, only the operator API refuses
        this.misconfigured = !enabled ? null
                : audience.isEmpty() ? "rebound.backfill.operator-auth.audience is not set"
                : accounts.isEmpty() ? "rebound.backfill.operator-auth.accounts lists no operator" : null;
        if (misconfigured != null) {
            LOG.errorf("Operator endpoints refuse every call: %s", misconfigured);
        }
    }

    /** Empty when the caller may proceed; otherwise why not. */
    public Optional<String> refuse(String authorizationHeader) {
        if (!enabled) {
            return Optional.empty();
        }
        if (misconfigured != null) {
            return Optional.of("operator access is not configured: " + misconfigured);
        }
        if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
            return Optional.of("missing bearer token");
        }
        JsonWebToken token;
        try {
            token = verifier.verify(authorizationHeader.substring("Bearer ".length()).trim());
        } catch (TokenVerifier.VerificationException e) {
            return Optional.of("token rejected: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            // a token that is not a JWT at all fails in parsing, before verification
            return Optional.of("token rejected: not a JWT");
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
