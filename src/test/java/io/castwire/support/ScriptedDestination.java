package io.castwire.support;

import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.Destination;
import io.castwire.publishing.delivery.DestinationSettings;
import io.castwire.publishing.delivery.PublishItem;
import io.castwire.publishing.delivery.Remote;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A destination whose remote side is a map in memory, scripted by the test: the next calls fail
 * with a given exception, or the call "reaches" the remote side and then times out. It lets the
 * shared machinery (ledger, retries, circuit, dead letters, replay, route control) be tested
 * precisely; each real destination is tested with its own API fake or server as well.
 */
public class ScriptedDestination implements Destination {

    public static final String NAME = "scripted";

    /** What the next call does instead of succeeding. */
    public interface Script {
        /** Throws, or returns normally to let the call succeed. */
        void run(PublishItem item, Map<String, Remote> remote) throws DeliveryException;
    }

    private final DestinationSettings settings = new DestinationSettings();
    private final Map<String, Remote> remote = new ConcurrentHashMap<>();
    private final Deque<Script> scripts = new ArrayDeque<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final List<PublishItem> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    public ScriptedDestination() {
        settings.setEnabled(true);
        // no show until a test adds its own: every other test's episodes stay out
        settings.setShows(new java.util.concurrent.CopyOnWriteArrayList<>(List.of("(none)")));
        settings.setMaxRedeliveries(2);
        settings.setRedeliveryDelay(Duration.ofMillis(50));
        settings.setMaxAttempts(4);
        settings.setBackoff(Duration.ofMillis(300));
        settings.setMaxBackoff(Duration.ofSeconds(2));
        // 75 %: tests run one after another on one circuit; a window of two failures and two
        // successes left by one test must not open it for the next
        settings.getCircuit().setFailureRateThreshold(75);
        settings.getCircuit().setMinimumCalls(4);
        settings.getCircuit().setSlidingWindow(4);
        settings.getCircuit().setWaitInOpen(Duration.ofSeconds(2));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DestinationSettings settings() {
        return settings;
    }

    @Override
    public synchronized Remote publish(PublishItem item) throws DeliveryException {
        calls.incrementAndGet();
        Script s = scripts.poll();
        if (s != null) {
            s.run(item, remote);
        }
        received.add(item);
        Remote r = item.previousRemoteId() != null ? new Remote(item.previousRemoteId(), "https://scripted.example/"
                + item.previousRemoteId()) : new Remote("post-" + ids.incrementAndGet(), "https://scripted.example/post-"
                + ids.get());
        remote.put(item.key(), r);
        return r;
    }

    @Override
    public synchronized Optional<Remote> findExisting(PublishItem item) {
        return Optional.ofNullable(remote.get(item.key()));
    }

    /** The next {@code n} calls run the script instead of (or before) succeeding. */
    public synchronized void next(int n, Script script) {
        for (int i = 0; i < n; i++) {
            scripts.add(script);
        }
    }

    /** Forgets pending scripts (the destination "is fixed"). */
    public synchronized void heal() {
        scripts.clear();
    }

    /** What the remote side holds for an item key, or null. */
    public Remote remoteFor(String key) {
        return remote.get(key);
    }

    /** Calls of {@link #publish} (look-ups not counted). */
    public int calls() {
        return calls.get();
    }

    /** Items that reached the remote side (one per post created or updated), in order. */
    public List<PublishItem> received() {
        return new ArrayList<>(received);
    }

    /** Items that reached the remote side for one show. */
    public List<PublishItem> receivedFor(String show) {
        return received.stream().filter(i -> i.showSlug().equals(show)).toList();
    }

    /** Publishes for this show from now on. */
    public void addShow(String show) {
        settings.getShows().add(show);
    }
}
