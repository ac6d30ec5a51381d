package io.castwire.publishing.delivery;

import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Every destination bean in the hub (configured or not), by name. */
@Component
public class Destinations {

    private final List<Destination> all;

    public Destinations(ObjectProvider<Destination> destinations) {
        this.all = destinations.orderedStream().toList();
    }

    public List<Destination> all() {
        return all;
    }

    public Optional<Destination> byName(String name) {
        return all.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The destination, which must exist (route wiring passes configured names only). */
    public Destination get(String name) {
        return byName(name).orElseThrow(() -> new IllegalArgumentException("no destination named '" + name + "'"));
    }

    /** The route ids of a destination. */
    public static String sendRoute(Destination d) {
        return "publish-" + d.name() + "-" + d.sendVerb();
    }

    /** The send route of the named destination (which must exist). */
    public String sendRoute(String name) {
        return sendRoute(get(name));
    }

    public static String pollRoute(String name) {
        return "publish-" + name + "-outbox-poll";
    }

    public static String circuitId(String name) {
        return "publish-" + name + "-circuit";
    }
}
