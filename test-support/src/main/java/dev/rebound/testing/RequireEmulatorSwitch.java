package dev.rebound.testing;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Lets the build's {@code -Drebound.require-emulator} switch reach the tests (Maven passes it on as a system
 * property) without a service under test refusing it: every {@code rebound.*} key must otherwise map to a setting,
 * and this one is for {@link PubSubEmulatorCondition}, not for the services. Registered as a config customizer in
 * test-support only, so production configuration still refuses any unknown key.
 */
public class RequireEmulatorSwitch implements SmallRyeConfigBuilderCustomizer {
    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        builder.withMappingIgnore(PubSubEmulatorCondition.REQUIRE_PROPERTY);
    }
}
