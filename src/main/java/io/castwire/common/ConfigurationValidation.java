package io.castwire.common;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Validation of the {@code castwire.*} settings beyond their annotations: {@link RequirementsValidator}
 * runs on every properties class that declares {@link StartupRequirements}. Spring Boot picks it up
 * by its bean name, before any properties bean is bound; static because it is needed that early.
 * {@link ConfigurationFailureAnalyzer} turns a failed check into one line per problem.
 */
@Configuration(proxyBeanMethods = false)
public class ConfigurationValidation {

    // infrastructure: created while the post-processors are, which is expected for it (no warning at start-up)
    @Bean(name = "configurationPropertiesValidator")
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    public static RequirementsValidator configurationPropertiesValidator(Environment environment) {
        return new RequirementsValidator(environment);
    }
}
