package dev.rebound.runtime.push;

import dev.rebound.runtime.config.ReboundConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Verifies the OIDC token Pub/Sub (and Cloud Scheduler) attach to each push: Google-signed, for this service's
 * audience, from an allowed service account. Switched off against the emulator, which sends no token.
 */
@ApplicationScoped
public class PushAuthenticator {
    private final Optional<IdTokenCheck> check;

    public PushAuthenticator(ReboundConfig config) {
        ReboundConfig.Push.Auth auth = config.push().auth();
        if (!auth.enabled()) {
            this.check = Optional.empty();
            return;
        }
        String audience = auth.audience().filter(a -> !a.isBlank()).orElseThrow(() -> new ConfigurationException(
                "rebound.push.auth.audience is required when rebound.push.auth.enabled=true"));
        List<String> allowed = auth.serviceAccounts().orElse(List.of());
        if (allowed.isEmpty()) {
            throw new ConfigurationException(
                    "rebound.push.auth.service-accounts is required when rebound.push.auth.enabled=true");
        }
        this.check = Optional.of(new IdTokenCheck(audience, auth.issuer(), auth.certificatesUrl(), allowed,
                "push service account"));
    }

    public boolean enabled() {
        return check.isPresent();
    }

    /** Empty when the request may proceed; otherwise why it is refused (answered 401). */
    public Optional<String> refuse(String authorizationHeader) {
        return check.flatMap(c -> c.refuse(authorizationHeader));
    }
}
