package io.castwire.publishing.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Bad webhook settings stop the hub at start-up, with a message that says which. */
class WebhookPropertiesTest {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    private static WebhookProperties.Subscriber subscriber(String name, String url, String... events) {
        WebhookProperties.Subscriber s = new WebhookProperties.Subscriber();
        s.setName(name);
        s.setUrl(url);
        s.setEvents(List.of(events));
        s.setSecretEnv("HOOK_SECRET");
        return s;
    }

    private Set<String> problems(WebhookProperties p) {
        return validator.validate(p).stream().map(ConstraintViolation::getMessage).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void theDefaultsAreValidAndRetryForHours() {
        WebhookProperties p = new WebhookProperties();
        p.setSubscribers(List.of(subscriber("crm", "https://hooks.example.com/castwire?t=1", "*")));
        assertThat(problems(p)).isEmpty();
        assertThat(p.getMaxAttempts()).isEqualTo(15);
        assertThat(p.getBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.getMaxBackoff()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void refusesBadSubscribers() {
        WebhookProperties p = new WebhookProperties();
        p.setSubscribers(List.of(subscriber("a", "ftp://hooks.example.com/", "*"),
                subscriber("b", "http://user:pw@hooks.example.com/", "*"),
                subscriber("c", "http://0x7f000001/", "*"),
                subscriber("d", "https://hooks.example.com/", "episode.deleted"),
                subscriber("Bad Name", "https://hooks.example.com/", "*"),
                subscriber("a", "https://hooks.example.com/", "*")));
        assertThat(problems(p)).anyMatch(m -> m.startsWith("url must be"))
                .anyMatch(m -> m.startsWith("events must be"))
                .anyMatch(m -> m.startsWith("must be lower case"))
                .contains("subscriber names must be unique");
        long badUrls = validator.validate(p).stream().filter(v -> v.getMessage().startsWith("url must be")).count();
        assertThat(badUrls).isEqualTo(3);
    }

    @Test
    void refusesAllowNetworksThatAreNotLiteralsAndALeaseShorterThanAnAttempt() {
        WebhookProperties p = new WebhookProperties();
        p.setAllowNetworks(List.of("10.0.0.0/8", "internal.example.com"));
        p.setLease(Duration.ofSeconds(60));
        assertThat(problems(p)).anyMatch(m -> m.startsWith("allow-networks entries"))
                .anyMatch(m -> m.startsWith("lease must outlast"));
    }
}
