package io.castwire.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The scripted destination, the scripted job and the scripted paid step, part of the one shared test context. */
@TestConfiguration(proxyBeanMethods = false)
public class TestDestinations {

    @Bean
    ScriptedDestination scriptedDestination() {
        return new ScriptedDestination();
    }

    @Bean
    ScriptedJob scriptedJob() {
        return new ScriptedJob();
    }

    @Bean
    ScriptedPaidStep scriptedPaidStep() {
        return new ScriptedPaidStep();
    }
}
