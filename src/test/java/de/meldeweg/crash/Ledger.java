package de.meldeweg.crash;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import de.meldeweg.crash.Webhooks.Message;
import de.meldeweg.crash.Webhooks.Webhook;

/**
 * What the test sent and what the service answered: per exact body how often it was posted and how
 * often answered 200, and per round the figures for the report. Thread-safe.
 */
final class Ledger {

    static final class Entry {
        final Webhook webhook;
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger acks = new AtomicInteger();
        /** When the first 200 arrived and in which round: to tell a lost tail before a kill from scattered losses. */
        volatile Instant firstAck;
        volatile String firstAckRound;

        Entry(Webhook webhook) {
            this.webhook = webhook;
        }
    }

    /** Figures of one round (one service process). */
    static final class Round {
        final String name;
        final AtomicInteger posted = new AtomicInteger();
        final AtomicInteger acked = new AtomicInteger();
        final AtomicInteger noAnswer = new AtomicInteger();
        final AtomicInteger otherStatus = new AtomicInteger();
        final AtomicInteger redeliveries = new AtomicInteger();
        final AtomicInteger rebatches = new AtomicInteger();
        final AtomicInteger newMessages = new AtomicInteger();
        final Map<Integer, Integer> statuses = new ConcurrentSkipListMap<>();
        /** When the test sent SIGKILL (null for the final round). */
        volatile Instant killedAt;
        // Filled from the database after the round's process ended.
        long storedEvents;
        long storedUnanswered;
        long unprocessedAtEnd;
        long inboundRows;
        long lost;
        long duplicates;

        Round(String name) {
            this.name = name;
        }
    }

    private final Map<String, Entry> byBody = new ConcurrentHashMap<>();
    private final List<Webhook> acknowledged = new ArrayList<>();

    /** Records a POST about to be made; returns whether the body was posted before. */
    boolean posting(Webhook webhook, Round round) {
        Entry entry = byBody.computeIfAbsent(webhook.body(), b -> new Entry(webhook));
        boolean again = entry.attempts.getAndIncrement() > 0;
        round.posted.incrementAndGet();
        if (again) {
            round.redeliveries.incrementAndGet();
        }
        return again;
    }

    void answered(Webhook webhook, int status, Round round) {
        round.statuses.merge(status, 1, Integer::sum);
        if (status == 200) {
            Entry entry = byBody.get(webhook.body());
            if (entry.acks.getAndIncrement() == 0) {
                entry.firstAck = Instant.now();
                entry.firstAckRound = round.name;
                synchronized (acknowledged) {
                    acknowledged.add(webhook);
                }
            }
            round.acked.incrementAndGet();
        } else {
            round.otherStatus.incrementAndGet();
        }
    }

    void noAnswer(Round round) {
        round.noAnswer.incrementAndGet();
    }

    /** A webhook answered 200 before, picked at random, or null if there is none yet. */
    Webhook randomAcknowledged(RandomGenerator rnd) {
        synchronized (acknowledged) {
            return acknowledged.isEmpty() ? null : acknowledged.get(rnd.nextInt(acknowledged.size()));
        }
    }

    Collection<Entry> entries() {
        return byBody.values();
    }

    Entry entry(String body) {
        return byBody.get(body);
    }

    /** Webhooks posted but never answered 200: Meta would deliver them again. */
    List<Webhook> unacknowledged() {
        return byBody.values().stream().filter(e -> e.acks.get() == 0).map(e -> e.webhook).toList();
    }

    /** Every distinct message in any posted webhook, by WhatsApp id. */
    Map<String, Message> messages() {
        Map<String, Message> messages = new ConcurrentHashMap<>();
        byBody.values().forEach(e -> e.webhook.messages().forEach(m -> messages.putIfAbsent(m.id(), m)));
        return messages;
    }

    /** Every distinct message in a webhook that was answered 200 at least once. */
    Map<String, Message> acknowledgedMessages() {
        Map<String, Message> messages = new ConcurrentHashMap<>();
        byBody.values().stream().filter(e -> e.acks.get() > 0)
                .forEach(e -> e.webhook.messages().forEach(m -> messages.putIfAbsent(m.id(), m)));
        return messages;
    }
}
