package io.castwire.publishing.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.support.HubTest;
import io.castwire.support.ScriptedDestination;
import java.util.List;
import java.util.Optional;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.http.ResponseEntity;

/** Each destination's health: what an admin sees, and that a destination never takes the hub out of service. */
class DestinationsHealthTest extends HubTest {

    @Autowired
    DestinationsHealth health;

    private JsonNode scripted() throws Exception {
        return getJson("/actuator/health").get("components").get("destinations").get("components")
                .get(ScriptedDestination.NAME);
    }

    @Test
    void anOpenCircuitOrAStoppedRouteDegradesTheDestinationNotTheHub() throws Exception {
        assertThat(scripted().get("status").asText()).isEqualTo("UP");
        assertThat(scripted().get("details").get("circuit").asText()).isEqualTo("CLOSED");

        ResilienceProcessor breaker = camel.getProcessor(Destinations.circuitId(ScriptedDestination.NAME),
                ResilienceProcessor.class);
        breaker.transitionToForcedOpenState();
        try {
            JsonNode s = scripted();
            assertThat(s.get("status").asText()).isEqualTo("DEGRADED");
            assertThat(s.get("details").get("reason").asText()).startsWith("circuit open");
            ResponseEntity<String> root = admin().getForEntity("/actuator/health", String.class);
            assertThat(root.getStatusCode().value()).isEqualTo(200);
            assertThat(json.readTree(root.getBody()).get("status").asText()).isEqualTo("DEGRADED");
            assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode().value())
                    .isEqualTo(200);
        } finally {
            breaker.transitionToCloseState();
        }
        assertThat(scripted().get("status").asText()).isEqualTo("UP");

        camel.getRouteController().stopRoute("publish-" + ScriptedDestination.NAME + "-send");
        try {
            assertThat(scripted().get("status").asText()).isEqualTo("DEGRADED");
            assertThat(scripted().get("details").get("reason").asText()).startsWith("send route stopped");
        } finally {
            camel.getRouteController().startRoute("publish-" + ScriptedDestination.NAME + "-send");
        }
        assertThat(scripted().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void anEnabledDestinationWithoutItsCredentialIsDegradedAndNamesTheVariableNotAValue() {
        DestinationSettings settings = new DestinationSettings();
        settings.setEnabled(true);
        Destination unset = new Destination() {
            @Override
            public String name() {
                return "unset";
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

            @Override
            public List<String> credentialVariables() {
                return List.of("CASTWIRE_TEST_NEVER_SET_TOKEN");
            }
        };
        Health h = health.health(unset);
        assertThat(h.getStatus()).isEqualTo(DestinationsHealth.DEGRADED);
        assertThat(h.getDetails().get("missingCredentials")).isEqualTo(List.of("CASTWIRE_TEST_NEVER_SET_TOKEN"));
        settings.setEnabled(false);
        assertThat(health.health(unset).getStatus().getCode()).isEqualTo("UNKNOWN");
    }

    @Test
    void detailsAreForAdminsOnly() {
        ResponseEntity<String> anonymous = http.getForEntity("/actuator/health", String.class);
        assertThat(anonymous.getBody()).doesNotContain("destinations").doesNotContain("circuit");
    }
}
