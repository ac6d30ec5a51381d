package io.castwire.common;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Validation of the {@code castwire.*} settings beyond their annotations: {@link RequirementsValidator}
 * runs on every properties class that declares {@link StartupRequirements}. Spring Boot picks it up
 * by its bean name, before any properties bean is bound; static because it is needed that early.
 * {@link ConfigurationFailureAnalyzer} turns a failed check into one line per problem.
 */
@Configuration(proxyBeanMethods = false)
public class ConfigurationValidation {

    @Bean(name = "configurationPropertiesValidator")
    public static RequirementsValidator configurationPropertiesValidator(Environment environment) {
        return new RequirementsValidator(environment);
    }
}
