package io.breachwatch.detector.local;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One single-node {@link LocalKafka} for every test of a class, registered on a static field:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final LocalBroker BROKER = new LocalBroker();
 * </pre>
 *
 * It starts before the class's {@code @BeforeAll} methods and closes after its {@code @AfterAll} methods. A broker
 * start costs seconds, so the tests of a class share one and keep apart by their own topics and application ids
 * (see {@code BrokerFixture.isolatedConfig}). Start and stop are bounded by {@link LocalKafka}'s own startup and
 * shutdown timeouts, not by the class's {@code @Timeout}, which covers its tests.
 */
public final class LocalBroker implements BeforeAllCallback, AfterAllCallback {
    private LocalKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        kafka = LocalKafka.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    /** The running broker, from the class's first {@code @BeforeAll} method to its last {@code @AfterAll}. */
    public LocalKafka kafka() {
        if (kafka == null) {
            throw new IllegalStateException("the local broker runs only while its test class does");
        }
        return kafka;
    }
}
