package io.castwire.common;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans shared by every feature. */
@Configuration(proxyBeanMethods = false)
public class HubConfiguration {

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
