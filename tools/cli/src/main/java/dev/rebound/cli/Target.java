package dev.rebound.cli;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Where the services are and how to prove who is calling: the local mesh, or Cloud Run. */
public interface Target {

    /** One line naming the target, e.g. "local mesh (.rebound/env)". */
    String describe();

    /** The service's base URL. */
    URI url(Service service);

    /** The {@code Authorization} header value for calls to the service; empty when none is needed. */
    Optional<String> authorization(Service service);

    /** Extra lines {@code status} shows (the local mesh's scenario clock and dashboard). */
    List<String> notes();
}
