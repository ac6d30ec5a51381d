package io.castwire.support;

import io.castwire.sync.ScheduledJob;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/** A scheduled job whose runs a test scripts: what {@link #run()} answers or throws. */
public class ScriptedJob implements ScheduledJob {

    public static final String NAME = "test-scripted";

    private volatile Callable<String> next = () -> "nothing to do";
    private final AtomicInteger runs = new AtomicInteger();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultCron() {
        return "0 0 0 1 1 ? 2099";
    }

    @Override
    public String run() throws Exception {
        runs.incrementAndGet();
        return next.call();
    }

    /** What every following run does. */
    public void answer(Callable<String> behaviour) {
        this.next = behaviour;
    }

    public int runs() {
        return runs.get();
    }
}
