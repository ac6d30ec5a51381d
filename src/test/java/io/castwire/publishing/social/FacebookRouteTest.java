package io.castwire.publishing.social;

import io.castwire.publishing.delivery.DestinationContract;
import io.castwire.support.fakes.FakeFacebook;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;

/** Facebook Pages through the hub's routes against the Graph API fake. */
class FacebookRouteTest extends DestinationContract {

    private final FakeFacebook fake = FakeFacebook.startShared();

    @BeforeEach
    void remoteSide() {
        fake.expectToken(FakeFacebook.TOKEN);
        fake.clock(Clock.systemUTC());
    }

    @Override
    protected String name() {
        return "facebook";
    }

    private boolean mentions(FakeFacebook.Post p, String fragment) {
        return (p.message() != null && p.message().contains(fragment)) || (p.link() != null && p.link().contains(fragment));
    }

    @Override
    protected long postsMentioning(String fragment) {
        return fake.posts().stream().filter(p -> mentions(p, fragment)).count();
    }

    @Override
    protected String remoteIdMentioning(String fragment) {
        return fake.posts().stream().filter(p -> mentions(p, fragment)).findFirst().orElseThrow().id();
    }

    @Override
    protected int remoteCalls() {
        return fake.calls();
    }

    @Override
    protected void unavailableNext(int n) {
        fake.failNext(n, 503, Map.of("content-type", "application/json"), FakeFacebook.errorBody(2, null,
                "Service temporarily unavailable", "OAuthException"));
    }

    @Override
    protected void refuseNext() {
        fake.failNext(1, 403, Map.of("content-type", "application/json"), FakeFacebook.errorBody(200, null,
                "(#200) The user hasn't authorized the application to perform this action", "OAuthException"));
    }

    @Override
    protected void rateLimitNext() {
        // Graph sends rate limits as 4xx with an error code; this one says when to come back
        fake.failNext(1, 403, Map.of("content-type", "application/json", "Retry-After", "1"), FakeFacebook.errorBody(4, null,
                "(#4) Application request limit reached", "OAuthException"));
    }
}
