package dev.rebound.heartbeattracker.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** A 400 whose body says, in JSON, which parameter was wrong and why. */
final class BadRequest extends WebApplicationException {

    BadRequest(String parameter, String problem) {
        super(Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", problem, "parameter", parameter)).build());
    }
}
