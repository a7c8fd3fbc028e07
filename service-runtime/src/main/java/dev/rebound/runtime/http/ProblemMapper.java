package dev.rebound.runtime.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one exception mapper: every error a resource throws leaves as an RFC 7807 problem. Resources throw the
 * JAX-RS exceptions ({@code BadRequestException("date must be YYYY-MM-DD")}, {@code NotFoundException}, ...)
 * with a message that says what to fix; anything else is a bug, logged here and answered 500 without internals.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Problem.of(status, e.getMessage(), uri.getPath()).toResponse();
    }

    /** A request body that is not the JSON the endpoint takes. */
    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return Problem.of(Response.Status.BAD_REQUEST, "request body is not valid JSON for this endpoint: "
                + e.getOriginalMessage(), uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "Unexpected failure answering %s", uri.getPath());
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "unexpected " + e.getClass().getSimpleName()
                + "; see the service log", uri.getPath()).toResponse();
    }
}
