package io.castwire.publishing.social;

import io.castwire.publishing.delivery.DestinationContract;
import io.castwire.support.fakes.FakeLinkedin;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/** LinkedIn through the hub's routes against the LinkedIn Posts API fake. */
class LinkedinRouteTest extends DestinationContract {

    private final FakeLinkedin fake = FakeLinkedin.startShared();

    @BeforeEach
    void remoteSide() {
        fake.expectToken(FakeLinkedin.TOKEN);
        fake.clock(Clock.systemUTC());
    }

    @Override
    protected String name() {
        return "linkedin";
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
                "{\"status\":503,\"code\":\"SERVICE_UNAVAILABLE\",\"message\":\"Service Unavailable\"}");
    }

    @Override
    protected void refuseNext() {
        fake.failNext(1, 403, Map.of("content-type", "application/json"), "{\"status\":403,\"serviceErrorCode\":100,"
                + "\"code\":\"ACCESS_DENIED\",\"message\":\"Not enough permissions to access: partnerApiPostsExternal.CREATE\"}");
    }

    @Override
    protected void rateLimitNext() {
        // an application throttle (not the member's daily one): no Retry-After, the route's backoff applies
        fake.failNext(1, 429, Map.of("content-type", "application/json"),
                "{\"status\":429,\"code\":\"TOO_MANY_REQUESTS\",\"message\":\"Resource level throttle APPLICATION limit reached\"}");
    }
}
