package dev.rebound.heartbeattracker.bench.baseline;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** What Quarkus costs on its own: the push path and body of the real service, no work, 204. */
@Path("/pubsub/push")
public class BarePushEndpoint {

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response push(byte[] body) {
        return body.length == 0 ? Response.status(Response.Status.BAD_REQUEST).build() : Response.noContent().build();
    }
}
