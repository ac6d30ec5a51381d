package io.castwire.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.StringUtils;

/**
 * Refuses to start with a profile the hub does not have ({@code spring.profiles.active=kafak}):
 * Spring Boot would silently run without it. A profile is known when a configuration file for it
 * exists ({@code application-<profile>.yml|yaml|properties} on the classpath, or loaded from
 * anywhere Spring Boot looks, e.g. {@code ./config/}), when it is a profile group, or when it is
 * listed in {@code castwire.profiles.extra} (profiles that only switch beans on). Runs after Spring
 * Boot has loaded the configuration files (registered in META-INF/spring.factories).
 */
public class ProfileCheck implements EnvironmentPostProcessor, Ordered {

    /** Profiles of the operator's own that have no file of their own. */
    public static final String EXTRA = "castwire.profiles.extra";

    private static final Pattern PROFILE_FILE = Pattern.compile("application-([^./\\\\\\[\\]]+)\\.(ya?ml|properties)");

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Set<String> known = known(environment);
        List<ConfigurationViolation> unknown = new ArrayList<>();
        for (String profile : environment.getActiveProfiles()) {
            if (!known.contains(profile)) {
                unknown.add(new ConfigurationViolation("spring.profiles.active", String.join(",", environment.getActiveProfiles()),
                        "profile '" + profile + "' is not one of castwire's profiles (" + (known.isEmpty() ? "none" : String.join(", ", known))
                                + ")",
                        "remove '" + profile + "' from spring.profiles.active (SPRING_PROFILES_ACTIVE), or add an application-"
                                + profile + ".yml, or list it in " + EXTRA + " if it only switches beans on"));
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidConfigurationException(unknown);
        }
    }

    /** The profiles the hub has in this environment. */
    static Set<String> known(ConfigurableEnvironment environment) {
        Set<String> known = new TreeSet<>();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(ProfileCheck.class.getClassLoader());
        for (String pattern : List.of("classpath*:application-*.yml", "classpath*:application-*.yaml", "classpath*:application-*.properties")) {
            try {
                for (Resource r : resolver.getResources(pattern)) {
                    addProfileOf(r.getFilename(), known);
                }
            } catch (IOException e) {
                // an unreadable classpath entry: its profiles stay unknown, and the error names the rest
            }
        }
        // files Spring Boot loaded from outside the jar (./config/application-<profile>.yml, spring.config.location)
        for (PropertySource<?> source : environment.getPropertySources()) {
            addProfileOf(source.getName(), known);
        }
        for (String profile : environment.getActiveProfiles()) {
            if (environment.containsProperty("spring.profiles.group." + profile)) {
                known.add(profile);
            }
        }
        String extra = environment.getProperty(EXTRA, "");
        Arrays.stream(StringUtils.commaDelimitedListToStringArray(extra)).map(String::strip).filter(s -> !s.isEmpty())
                .forEach(known::add);
        return known;
    }

    private static void addProfileOf(String name, Set<String> known) {
        if (name == null) {
            return;
        }
        Matcher m = PROFILE_FILE.matcher(name);
        while (m.find()) {
            known.add(m.group(1));
        }
    }
}
