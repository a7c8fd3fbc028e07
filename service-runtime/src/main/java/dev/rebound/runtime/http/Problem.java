package dev.rebound.runtime.http;

import jakarta.ws.rs.core.Response;

/**
 * An RFC 7807 problem: what every error of every Rebound endpoint answers, as {@code application/problem+json}.
 * {@code type} stays {@code about:blank}: the status says the kind, {@code detail} says what to fix.
 */
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(Response.StatusType status, String detail, String instance) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail, instance);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
