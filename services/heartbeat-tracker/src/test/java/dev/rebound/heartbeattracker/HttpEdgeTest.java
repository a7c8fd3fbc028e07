package dev.rebound.heartbeattracker;

import dev.rebound.testing.HttpEdgeContract;
import dev.rebound.testing.PostgresResource;
import dev.rebound.testing.PubSubEmulatorResource;
import dev.rebound.testing.RequiresPubSubEmulator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The HTTP convention on heartbeat-tracker, with its token checks on as in production. */
@RequiresPubSubEmulator
@QuarkusTest
@TestProfile(HttpEdgeContract.AuthOn.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(value = PubSubEmulatorResource.class, initArgs = @ResourceArg(name = "service", value = "heartbeat-tracker"))
class HttpEdgeTest extends HttpEdgeContract {
    HttpEdgeTest() {
        super("heartbeat-tracker", "/runs");
    }
}
