package io.castwire.operations.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.publishing.delivery.Destination;
import io.castwire.publishing.delivery.DestinationSettings;
import io.castwire.publishing.delivery.DestinationsHealth;
import io.castwire.publishing.delivery.PublishItem;
import io.castwire.publishing.delivery.Remote;
import io.castwire.support.HubTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.http.ResponseEntity;

/**
 * Health on the running hub: details for admins only; readiness is the database and storage alone;
 * a destination whose API does not answer is DEGRADED in the details and keeps the hub ready.
 */
class HealthTest extends HubTest {

    /** Configured in HubTest at a port nothing listens on. */
    static final String DOWN = "lifecycle-down";

    @Autowired
    DestinationsHealth destinations;

    @Test
    void detailsAreHiddenFromAnonymousCallersAndShownToAdmins() throws Exception {
        ResponseEntity<String> anonymous = http.getForEntity("/actuator/health", String.class);
        JsonNode a = json.readTree(anonymous.getBody());
        assertThat(a.has("status")).isTrue();
        assertThat(a.has("components")).isFalse();
        assertThat(anonymous.getBody()).doesNotContain("diskFreeBytes").doesNotContain("storage");

        JsonNode admin = getJson("/actuator/health").get("components");
        assertThat(admin.get("storage").get("status").asText()).isEqualTo("UP");
        assertThat(admin.get("storage").get("details").get("writable").asBoolean()).isTrue();
        assertThat(admin.get("storage").get("details").get("quotaBytes").asLong()).isEqualTo(40L * 1024 * 1024);
        assertThat(admin.get("backbone").get("details").get("type").asText()).isEqualTo("seda");
        assertThat(admin.get("s3").get("details").get("ingest").get("result").asText()).isEqualTo("ok");
        assertThat(admin.get("db").get("status").asText()).isEqualTo("UP");
        assertThat(admin.get("destinations").get("components").get("linkedin").get("details").get("reachability")
                .get("reachable").asBoolean()).isTrue();
    }

    @Test
    void readinessIsTheDatabaseAndStorageOnly() throws Exception {
        JsonNode readiness = getJson("/actuator/health/readiness");
        List<String> names = new ArrayList<>();
        readiness.get("components").fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("db", "readinessState", "storage");
        assertThat(getJson("/actuator/health/liveness").has("components")).isTrue();
    }

    @Test
    void aDestinationWhoseApiDoesNotAnswerIsDegradedAndTheHubStaysReady() {
        DestinationSettings settings = new DestinationSettings();
        settings.setEnabled(true);
        Destination down = new Destination() {
            @Override
            public String name() {
                return DOWN;
            }

            @Override
            public DestinationSettings settings() {
                return settings;
            }

            @Override
            public Remote publish(PublishItem item) {
                throw new AssertionError("not called");
            }

            @Override
            public Optional<Remote> findExisting(PublishItem item) {
                return Optional.empty();
            }
        };

        Health h = destinations.health(down);

        assertThat(h.getStatus()).isEqualTo(DestinationsHealth.DEGRADED);
        assertThat(h.getDetails().get("reason").toString()).startsWith("unreachable: ");
        assertThat(h.getDetails().get("reachability").toString()).contains("reachable=false").contains("127.0.0.1");
        assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode().value()).isEqualTo(200);
    }
}
