package io.castwire.publishing.social;

import io.castwire.publishing.delivery.DestinationContract;
import io.castwire.support.fakes.FakeX;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/** X through the hub's routes against the X API fake. */
class XRouteTest extends DestinationContract {

    private final FakeX fake = FakeX.startShared();

    @BeforeEach
    void remoteSide() {
        fake.expectToken(FakeX.TOKEN);
        fake.clock(Clock.systemUTC());
    }

    @Override
    protected String name() {
        return "x";
    }

    @Override
    protected long postsMentioning(String fragment) {
        return fake.posts().stream().filter(p -> p.json().toString().contains(fragment)).count();
    }

    @Override
    protected String remoteIdMentioning(String fragment) {
        return fake.posts().stream().filter(p -> p.json().toString().contains(fragment)).findFirst().orElseThrow().id();
    }

    @Override
    protected int remoteCalls() {
        return fake.calls();
    }

    @Override
    protected void unavailableNext(int n) {
        fake.failNext(n, 503, Map.of("content-type", "application/json"),
                "{\"title\":\"Service Unavailable\",\"detail\":\"Service Unavailable\",\"type\":\"about:blank\",\"status\":503}");
    }

    @Override
    protected void refuseNext() {
        fake.failNext(1, 403, Map.of("content-type", "application/json"), "{\"title\":\"Forbidden\",\"type\":\"about:blank\","
                + "\"status\":403,\"detail\":\"You are not permitted to perform this action.\"}");
    }

    @Override
    protected void rateLimitNext() {
        fake.rateLimitNext(1, 1);
    }
}
