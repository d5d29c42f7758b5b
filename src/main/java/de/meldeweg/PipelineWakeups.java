package de.meldeweg;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Wakes a stage of the pipeline as soon as it has work, instead of leaving the work until its
 * next poll: the stage that commits work for the next one (case forwarded: deliveries waiting)
 * calls {@link #wakeAfterCommit}, and the next stage's poller ({@link WakeableScheduler}) runs at
 * once. The poller keeps its interval as the safety net: work that no signal announced (after a
 * restart, a retry that is due, another instance's work) is found on the next poll as before, so
 * a crash or a lost signal only costs time, never a report.
 */
@Component("pipelineWakeups")
public class PipelineWakeups {

    private final Map<String, WakeableScheduler> schedulers = new ConcurrentHashMap<>();

    void register(String stage, WakeableScheduler scheduler) {
        schedulers.put(stage, scheduler);
    }

    void unregister(String stage, WakeableScheduler scheduler) {
        schedulers.remove(stage, scheduler);
    }

    /**
     * Wakes the poller of the stage (its scheduler route's name, e.g. {@code delivery-send}) once
     * the current transaction has committed (at once without one), after {@code delay}: the work
     * is not visible to the stage before the commit, and may not be due before the delay (a
     * grouping window). Does nothing for a stage without a wakeable poller.
     */
    public void wakeAfterCommit(String stage, Duration delay) {
        WakeableScheduler scheduler = schedulers.get(stage);
        if (scheduler == null) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    scheduler.wakeIn(delay);
                }
            });
        } else {
            scheduler.wakeIn(delay);
        }
    }
}
