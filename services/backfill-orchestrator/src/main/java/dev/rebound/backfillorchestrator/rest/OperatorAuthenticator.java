package dev.rebound.backfillorchestrator.rest;

import dev.rebound.backfillorchestrator.config.BackfillConfig;
import dev.rebound.runtime.push.IdTokenCheck;
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
    private final IdTokenCheck check;
    private final String misconfigured;

    public OperatorAuthenticator(BackfillConfig config) {
        BackfillConfig.OperatorAuth auth = config.operatorAuth();
        this.enabled = auth.enabled();
        List<String> accounts = auth.accounts().orElse(List.of());
        Optional<String> audience = auth.audience().filter(a -> !a.isBlank());
        this.check = enabled && audience.isPresent()
                ? new IdTokenCheck(audience.get(), auth.issuer(), auth.certificatesUrl(), accounts, "operator account")
                : null;
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
        return check.refuse(authorizationHeader);
    }

    /** Throws a JSON 401 when the caller is refused. */
    public void require(String authorizationHeader) {
        refuse(authorizationHeader).ifPresent(why -> {
            throw new WebApplicationException(Response.status(Response.Status.UNAUTHORIZED)
                    .type(MediaType.APPLICATION_JSON).entity(Map.of("error", why)).build());
        });
    }
}
