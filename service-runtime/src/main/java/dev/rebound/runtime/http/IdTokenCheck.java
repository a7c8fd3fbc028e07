package dev.rebound.runtime.http;

import com.google.api.client.json.webtoken.JsonWebToken;
import com.google.auth.oauth2.TokenVerifier;
import java.util.Collection;
import java.util.Optional;

/**
 * Checks a Google-signed OIDC identity token from an {@code Authorization: Bearer} header: signature (Google's
 * keys, cached by the verifier), issuer, audience (the service URL), and that its verified email is one of the
 * accounts allowed to make this call.
 */
public final class IdTokenCheck {
    private static final String BEARER = "Bearer ";
    private final TokenVerifier verifier;

    public IdTokenCheck(String audience, String issuer, String certificatesUrl) {
        this.verifier = TokenVerifier.newBuilder()
                .setAudience(audience)
                .setIssuer(issuer)
                .setCertificatesLocation(certificatesUrl)
                .build();
    }

    /**
     * Empty when the caller may proceed; otherwise why not. {@code allowedWhat} names the allowed accounts in the
     * refusal, e.g. "operator account".
     */
    public Optional<String> refuse(String authorizationHeader, Collection<String> allowed, String allowedWhat) {
        if (authorizationHeader == null || !authorizationHeader.startsWith(BEARER)) {
            return Optional.of("missing bearer token");
        }
        JsonWebToken token;
        try {
            token = verifier.verify(authorizationHeader.substring(BEARER.length()).trim());
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
