package dev.rebound.runtime.push;

import com.google.api.client.json.webtoken.JsonWebToken;
import com.google.auth.oauth2.TokenVerifier;
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
    private final boolean enabled;
    private final List<String> allowed;
    private final TokenVerifier verifier;

    public PushAuthenticator(ReboundConfig config) {
        ReboundConfig.Push.Auth auth = config.push().auth();
        this.enabled = auth.enabled();
        this.allowed = auth.serviceAccounts().orElse(List.of());
        if (enabled) {
            String audience = auth.audience().filter(a -> !a.isBlank()).orElseThrow(() -> new ConfigurationException(
                    "rebound.push.auth.audience is required when rebound.push.auth.enabled=true"));
            if (allowed.isEmpty()) {
                throw new ConfigurationException(
                        "rebound.push.auth.service-accounts is required when rebound.push.auth.enabled=true");
            }
            this.verifier = TokenVerifier.newBuilder()
                    .setAudience(audience)
                    .setIssuer(auth.issuer())
                    .setCertificatesLocation(auth.certificatesUrl())
                    .build();
        } else {
            this.verifier = null;
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Empty when the request may proceed; otherwise why it is refused (answered 401). */
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
        } catch (IllegalArgumentException e) {
            // the JWT parser throws this for tokens that are not even three base64url parts
            return Optional.of("token is malformed: " + e.getMessage());
        }
        Object email = token.getPayload().get("email");
        Object verified = token.getPayload().get("email_verified");
        if (email == null || !allowed.contains(email.toString())) {
            return Optional.of("token is for " + email + ", not an allowed push service account");
        }
        if (!Boolean.TRUE.equals(verified) && !"true".equals(String.valueOf(verified))) {
            return Optional.of("token email is not verified");
        }
        return Optional.empty();
    }
}
