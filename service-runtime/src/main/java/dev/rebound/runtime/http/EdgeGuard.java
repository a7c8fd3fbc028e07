package dev.rebound.runtime.http;

import dev.rebound.runtime.config.ReboundConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Runs on every {@link Guarded} endpoint after routing and before a byte of the body is read: first the caller's
 * token ({@link CallerCheck}, 401), then the body's size against its kind of endpoint's limit (413), then the
 * instance's budget of bodies being read at once ({@link BodyBudget}, 503: come back later). Refusals are answered
 * as problems and counted in {@code rebound_http_refused_total{caller,reason}}, so an unauthenticated, oversized or
 * untimely request costs neither memory nor work, whatever its size up to the HTTP limit.
 */
@Startup
@ApplicationScoped
public class EdgeGuard {
    private static final Logger LOG = Logger.getLogger(EdgeGuard.class);

    private final CallerCheck callers;
    private final MeterRegistry registry;
    private final String service;
    private final Map<Caller, Long> maxBody = new EnumMap<>(Caller.class);
    private final Map<Method, Caller> callerOf = new ConcurrentHashMap<>();
    private final BodyBudget budget;

    public EdgeGuard(CallerCheck callers, MeterRegistry registry, ReboundConfig config,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> httpLimit) {
        this.callers = callers;
        this.registry = registry;
        this.service = config.service().name();
        ReboundConfig.Http.MaxBody limits = config.http().maxBody();
        maxBody.put(Caller.PUBSUB, limits.pubsub().asLongValue());
        maxBody.put(Caller.SCHEDULER, limits.scheduler().asLongValue());
        maxBody.put(Caller.OPERATOR, limits.operator().asLongValue());
        long http = httpLimit.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        maxBody.forEach((caller, max) -> {
            if (max >= http) {
                throw new ConfigurationException("rebound.http.max-body." + caller.label() + " (" + max
                        + " bytes) must be below quarkus.http.limits.max-body-size (" + http + " bytes)");
            }
        });
        this.budget = new BodyBudget(config.http().bodyBudget().map(MemorySize::asLongValue)
                .orElse(Runtime.getRuntime().maxMemory() / 8));
        long base64Message = (config.events().maxDataBytes() + 2L) / 3 * 4;
        if (maxBody.get(Caller.PUBSUB) <= base64Message) {
            throw new ConfigurationException("rebound.http.max-body.pubsub (" + maxBody.get(Caller.PUBSUB)
                    + " bytes) cannot hold a push of rebound.events.max-data-bytes (" + config.events().maxDataBytes()
                    + " bytes, " + base64Message + " base64-encoded)");
        }
    }

    @ServerRequestFilter
    @Guarded
    public Optional<Response> guard(ContainerRequestContext request, ResourceInfo resource, RoutingContext routing) {
        Caller caller = callerOf.computeIfAbsent(resource.getResourceMethod(), m -> callerOf(m, resource.getResourceClass()));
        Optional<String> refused = callers.refuse(caller, request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (refused.isPresent()) {
            LOG.warnf("Refused %s %s (%s endpoint): %s", request.getMethod(), request.getUriInfo().getPath(),
                    caller.label(), refused.get());
            return Optional.of(refuse(caller, "unauthorized", Response.Status.UNAUTHORIZED, refused.get(),
                    request).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
        }
        long max = maxBody.get(caller);
        long length = request.getLength();
        if (length > max) {
            return Optional.of(refuse(caller, "body_too_large", Response.Status.REQUEST_ENTITY_TOO_LARGE,
                    "request body of " + length + " bytes is above this endpoint's limit of " + max + " bytes"
                            + " (rebound.http.max-body." + caller.label() + ")", request).build());
        }
        boolean chunked = length < 0 && request.hasEntity();
        long reserved = chunked ? max : Math.max(0, length);
        if (!budget.tryReserve(reserved)) {
            return Optional.of(refuse(caller, "busy", Response.Status.SERVICE_UNAVAILABLE, "this instance is reading "
                    + budget.inUse() + " bytes of request bodies already; retry later", request)
                    .header(HttpHeaders.RETRY_AFTER, "5").build());
        }
        routing.addEndHandler(done -> budget.release(reserved));
        if (chunked) {
            // no Content-Length: count while the endpoint reads, and stop at the limit
            request.setEntityStream(new LimitedInputStream(request.getEntityStream(), max,
                    () -> tooLarge(caller, max)));
        }
        return Optional.empty();
    }

    private RuntimeException tooLarge(Caller caller, long max) {
        count(caller, "body_too_large");
        return new jakarta.ws.rs.WebApplicationException("request body is above this endpoint's limit of " + max
                + " bytes (rebound.http.max-body." + caller.label() + ")", Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }

    private Response.ResponseBuilder refuse(Caller caller, String reason, Response.Status status, String detail,
            ContainerRequestContext request) {
        count(caller, reason);
        Problem problem = Problem.of(status, detail, request.getUriInfo().getPath());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private void count(Caller caller, String reason) {
        registry.counter("rebound.http.refused", "service", service, "caller", caller.label(), "reason", reason)
                .increment();
    }

    private static Caller callerOf(Method method, Class<?> resourceClass) {
        Guarded guarded = method.getAnnotation(Guarded.class);
        if (guarded == null) {
            guarded = resourceClass.getAnnotation(Guarded.class);
        }
        return guarded == null ? Caller.OPERATOR : guarded.value();
    }
}
