package dev.rebound.runtime.http;

import dev.rebound.runtime.config.ReboundConfig;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one token check for pushes, scheduler calls and operators: a Google-signed identity token for this
 * service's URL whose account is allowed for the kind of endpoint called. Off locally (the emulator and the mesh
 * send no token), on in the prod profile, where a missing audience or account list stops the service at start,
 * naming the key.
 */
@Startup
@ApplicationScoped
public class CallerCheck {
    private final Optional<IdTokenCheck> check;
    private final Map<Caller, Set<String>> allowed = new EnumMap<>(Caller.class);

    public CallerCheck(ReboundConfig config) {
        ReboundConfig.Http.Auth auth = config.http().auth();
        if (!auth.enabled()) {
            this.check = Optional.empty();
            return;
        }
        String audience = auth.audience().filter(a -> !a.isBlank()).orElseThrow(() -> new ConfigurationException(
                "rebound.http.auth.audience is required when rebound.http.auth.enabled=true"));
        List<String> pushers = required(auth.pushAccounts(), "rebound.http.auth.push-accounts");
        List<String> schedulers = required(auth.schedulerAccounts(), "rebound.http.auth.scheduler-accounts");
        List<String> operators = required(auth.operatorAccounts(), "rebound.http.auth.operator-accounts");
        allowed.put(Caller.PUBSUB, Set.copyOf(pushers));
        Set<String> tasks = new LinkedHashSet<>(schedulers);
        tasks.addAll(operators);
        allowed.put(Caller.SCHEDULER, Set.copyOf(tasks));
        allowed.put(Caller.OPERATOR, Set.copyOf(operators));
        this.check = Optional.of(new IdTokenCheck(audience, auth.issuer(), auth.certificatesUrl()));
    }

    private static List<String> required(Optional<List<String>> accounts, String key) {
        List<String> list = accounts.orElse(List.of()).stream().map(String::trim).filter(a -> !a.isEmpty()).toList();
        if (list.isEmpty()) {
            throw new ConfigurationException(key + " is required when rebound.http.auth.enabled=true");
        }
        return list;
    }

    public boolean enabled() {
        return check.isPresent();
    }

    /** Empty when the request may proceed; otherwise why it is refused (answered 401). */
    public Optional<String> refuse(Caller caller, String authorizationHeader) {
        return check.flatMap(c -> c.refuse(authorizationHeader, allowed.get(caller), caller.accountsDescription()));
    }
}
