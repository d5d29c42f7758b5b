package de.meldeweg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit: small writes of several threads that finish at about the same time share one
 * transaction. A thread hands in its write and waits until it is committed, so nothing is
 * acknowledged before it is durable; while one thread commits, the writes that arrive meanwhile
 * wait and go together in the next commit. Nobody waits for a timer: a lone write commits at once.
 * If a shared transaction fails, each of its writes is tried in a transaction of its own, so one
 * bad write never takes the others with it.
 */
public final class GroupCommit {

    private record Pending(Supplier<?> work, CompletableFuture<Object> done) {
    }

    private final TransactionTemplate transaction;
    private final int maxGroup;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committing = new ReentrantLock();

    public GroupCommit(TransactionTemplate transaction, int maxGroup) {
        this.transaction = transaction;
        this.maxGroup = maxGroup;
    }

    /** Runs the write in a transaction, possibly shared with other threads' writes; returns once committed. */
    @SuppressWarnings("unchecked")
    public <T> T run(Supplier<T> work) {
        Pending mine = new Pending(work, new CompletableFuture<>());
        queue.add(mine);
        while (!mine.done().isDone()) {
            committing.lock();
            try {
                if (!mine.done().isDone()) {
                    commit(take());
                }
            } finally {
                committing.unlock();
            }
        }
        return (T) Futures.join(mine.done());
    }

    private List<Pending> take() {
        List<Pending> group = new ArrayList<>();
        Pending next;
        while (group.size() < maxGroup && (next = queue.poll()) != null) {
            group.add(next);
        }
        return group;
    }

    private void commit(List<Pending> group) {
        if (group.size() > 1) {
            try {
                List<Object> results = transaction.execute(status -> {
                    List<Object> r = new ArrayList<>(group.size());
                    for (Pending p : group) {
                        r.add(p.work().get());
                    }
                    return r;
                });
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).done().complete(results.get(i));
                }
                return;
            } catch (RuntimeException | Error e) {
                // One of them failed and took the shared transaction with it: each alone.
            }
        }
        for (Pending p : group) {
            try {
                p.done().complete(transaction.execute(status -> p.work().get()));
            } catch (RuntimeException | Error e) {
                p.done().completeExceptionally(e);
            }
        }
    }
}
