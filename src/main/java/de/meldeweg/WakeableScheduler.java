package de.meldeweg;

import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.annotation.Scope;
import org.springframework.stereotype.Component;

/**
 * The poller of a {@code scheduler:} route that can be woken ({@link PipelineWakeups}): it polls
 * every {@code delay} as Camel's own scheduler does, and at once when another stage announces
 * work for it. Signals that arrive while it polls are kept and make it poll once more right after,
 * so a burst of signals becomes one poll that takes the whole batch. Routes name it with
 * {@code scheduler: "#pipelineScheduler"}; each route gets its own (a prototype bean), registered
 * under the scheduler endpoint's name.
 */
@Component("pipelineScheduler")
@Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
public class WakeableScheduler extends ServiceSupport implements ScheduledPollConsumerScheduler {

    private static final Logger LOG = LoggerFactory.getLogger(WakeableScheduler.class);

    private final PipelineWakeups wakeups;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    private CamelContext camelContext;
    private String stage;
    private long delayMillis = 1000;
    private long initialDelayMillis = 1000;
    private volatile Runnable task;
    private volatile Thread thread;
    /**
     * The wake-ups asked for (System.nanoTime(); later ones rounded up to a tick of
     * {@link #TICK_NANOS}, so that the messages of one moment share one entry), earliest first.
     */
    private final TreeSet<Long> pending = new TreeSet<>();
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    public WakeableScheduler(PipelineWakeups wakeups) {
        this.wakeups = wakeups;
    }

    @Override
    public void onInit(Consumer consumer) {
        String uri = consumer.getEndpoint().getEndpointUri();
        stage = uri.replaceFirst("^[a-z]+:(//)?", "").replaceFirst("\\?.*$", "");
        if (consumer instanceof ScheduledPollConsumer poll) {
            TimeUnit unit = poll.getTimeUnit();
            delayMillis = Math.max(1, unit.toMillis(poll.getDelay()));
            initialDelayMillis = Math.max(0, unit.toMillis(poll.getInitialDelay()));
        }
    }

    @Override
    public void scheduleTask(Runnable task) {
        this.task = task;
    }

    @Override
    public void unscheduleTask() {
        this.task = null;
    }

    @Override
    public void startScheduler() {
        if (thread != null) {
            return;
        }
        Thread poller = new Thread(this::loop, "Camel pipeline " + stage);
        poller.setDaemon(true);
        thread = poller;
        wakeups.register(stage, this);
        poller.start();
    }

    @Override
    public boolean isSchedulerStarted() {
        return thread != null;
    }

    /** Asks for a poll after {@code delay} (zero: now), unless one is due earlier anyway. */
    void wakeIn(Duration delay) {
        long nanos = Math.max(0, delay.toNanos());
        long at = System.nanoTime() + nanos;
        if (nanos > 0) {
            // up to the next tick: never earlier than asked, and the wake-ups of one moment are one entry
            at = Math.floorDiv(at + TICK_NANOS - 1, TICK_NANOS) * TICK_NANOS;
        }
        lock.lock();
        try {
            boolean first = pending.isEmpty() || at - pending.first() < 0;
            if (pending.add(at) && first) {
                signalled.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        try {
            await(TimeUnit.MILLISECONDS.toNanos(initialDelayMillis), false);
            while (thread == Thread.currentThread()) {
                Runnable poll = task;
                if (poll != null) {
                    try {
                        poll.run();
                    } catch (RuntimeException e) {
                        LOG.warn("Poll of {} failed ({}); polled again after its interval", stage, e.getClass().getSimpleName());
                    }
                }
                await(TimeUnit.MILLISECONDS.toNanos(delayMillis), true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the interval, or less when a wake-up falls due first (only if {@code wakeable}). */
    private void await(long intervalNanos, boolean wakeable) throws InterruptedException {
        long intervalEnd = System.nanoTime() + intervalNanos;
        lock.lock();
        try {
            while (thread == Thread.currentThread()) {
                long now = System.nanoTime();
                long until = intervalEnd;
                if (wakeable && !pending.isEmpty() && pending.first() - intervalEnd < 0) {
                    until = pending.first();
                }
                if (until - now <= 0) {
                    break;
                }
                signalled.awaitNanos(until - now);
            }
            // this poll takes whatever the wake-ups due by now announced; later ones stay pending
            long now = System.nanoTime();
            while (!pending.isEmpty() && pending.first() - now <= 0) {
                pending.pollFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the poller after its current poll (if any); the route's shutdown waits for that exchange. */
    @Override
    protected void doStop() {
        Thread poller = thread;
        thread = null;
        wakeups.unregister(stage, this);
        if (poller != null) {
            lock.lock();
            try {
                signalled.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
