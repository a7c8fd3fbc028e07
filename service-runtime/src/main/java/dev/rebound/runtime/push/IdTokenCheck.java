package dev.rebound.runtime.push;

import com.google.api.client.json.webtoken.JsonWebToken;
import com.google.auth.oauth2.TokenVerifier;
import java.util.List;
import java.util.Optional;

/**
 * Checks a Google-signed OIDC identity token from an {@code Authorization: Bearer} header: signature (Google's
 * keys), issuer, audience, and that its verified email is one of the allowed accounts. Used for Pub/Sub pushes and
 * Cloud Scheduler calls (service accounts) and for operator endpoints (people).
 */
public final class IdTokenCheck {
    private final TokenVerifier verifier;
    private final List<String> allowed;
    private final String allowedWhat;

    /** {@code allowedWhat} names the allowed accounts in refusals, e.g. "push service account". */
    public IdTokenCheck(String audience, String issuer, String certificatesUrl, List<String> allowed,
            String allowedWhat) {
        this.verifier = TokenVerifier.newBuilder()
                .setAudience(audience)
                .setIssuer(issuer)
                .setCertificatesLocation(certificatesUrl)
                .build();
        this.allowed = List.copyOf(allowed);
        this.allowedWhat = allowedWhat;
    }

    /** Empty when the caller may proceed; otherwise why not. */
    public Optional<String> refuse(String authorizationHeader) {
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
        if (email == null || !allowed.contains(email.toString())) {
            return Optional.of("token is for " + email + ", not an allowed " + allowedWhat);
        }
        if (!"true".equals(String.valueOf(token.getPayload().get("email_verified")))) {
            return Optional.of("token email is not verified");
        }
        return Optional.empty();
    }
}
