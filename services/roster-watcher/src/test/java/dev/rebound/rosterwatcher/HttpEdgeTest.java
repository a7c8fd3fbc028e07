package dev.rebound.rosterwatcher;

import dev.rebound.testing.HttpEdgeContract;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The HTTP convention on roster-watcher, with its token checks on as in production. */
@RequiresPubSubEmulator
@QuarkusTest
@TestProfile(HttpEdgeContract.AuthOn.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = @ResourceArg(name = "service", value = "roster-watcher"))
class HttpEdgeTest extends HttpEdgeContract {
    HttpEdgeTest() {
        super("roster-watcher", "/rosters/coverage");
    }
}
