package io.eventserver.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A consumer loop on its own thread, of one of two kinds.
 * <ul>
 * <li><b>Cumulative</b> ({@link EventServerClient#subscribe(String, String, String, EventHandler)}): reads a page
 * with {@code wait} (long-poll), hands each event to the handler in sequence order and acknowledges it when the
 * handler returned, then reads on. The server keeps the offset, so a loop started again (after a restart of either
 * side) resumes after the last acknowledged event. A handler that throws leaves its event unacknowledged; the loop
 * waits and reads from the offset again (at-least-once). One loop per consumer id.</li>
 * <li><b>Leased</b> ({@link EventServerClient#subscribe(String, String, String, Leases, LeasedEventHandler)},
 * ADR 68): leases a page with {@code wait}, hands each event to the handler and acknowledges the handled ones in one
 * batch per page; an event the handler threw on is given back at once (NACK with {@link Leases#nackDelay}), to be
 * leased again — by this loop or another — until the server dead-letters it after {@link Leases#maxDeliveries}.
 * Any number of loops, in any processes, may share a consumer id: they get disjoint events. Finish a page within
 * the lease, or its events are handed over again (a late acknowledgement is still accepted).</li>
 * </ul>
 * Both back off (exponential, with jitter) on failures and retry. {@link #close} stops the loop after the event in
 * hand; a leased loop acknowledges what it handled and gives the rest of its page back, for the other loops to take
 * at once.
 */
public final class Subscription implements AutoCloseable {

    /** One page: read (or lease) it and hand it over; {@code handled} counts each event finished. */
    private interface Page {
        void next(Subscription loop) throws Exception;
    }

    private final EventServerClient client;
    private final String stream;
    private final String consumer;
    private final String eventName;
    private final Page page;
    private final Consumer<Exception> errors;
    private final Thread thread;
    private final AtomicLong handled = new AtomicLong();
    private volatile boolean running = true;
    /** True from a page's answer to its acknowledgement's answer: {@link #close} does not interrupt that. */
    private volatile boolean handling;

    private Subscription(EventServerClient client, String stream, String consumer, String eventName, Page page,
                         Consumer<Exception> errors) {
        this.client = client;
        this.stream = Objects.requireNonNull(stream, "stream");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.eventName = Objects.requireNonNull(eventName, "eventName");
        this.page = page;
        this.errors = Objects.requireNonNull(errors, "errors");
        this.thread = Thread.ofPlatform().name("eventserver-subscription-" + stream + "-" + consumer)
                .daemon(true).unstarted(this::loop);
    }

    static Subscription cumulative(EventServerClient client, String stream, String consumer, String eventName,
                                   EventHandler handler, Consumer<Exception> errors) {
        Objects.requireNonNull(handler, "handler");
        return new Subscription(client, stream, consumer, eventName, loop -> loop.cumulativePage(handler), errors);
    }

    static Subscription leased(EventServerClient client, String stream, String consumer, String eventName,
                               Leases leases, LeasedEventHandler handler, Consumer<Exception> errors) {
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(handler, "handler");
        return new Subscription(client, stream, consumer, eventName, loop -> loop.leasedPage(leases, handler),
                errors);
    }

    Subscription start() {
        thread.start();
        return this;
    }

    /** Events handled and acknowledged so far. */
    public long handled() {
        return handled.get();
    }

    private void loop() {
        Backoff backoff = client.backoff();
        while (running) {
            try {
                page.next(this);
                backoff.reset();
            } catch (NotFoundException notYet) {
                // no producer has published to the stream yet
                sleep(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                errors.accept(e);
                sleep(backoff.next());
            }
        }
    }

    private void cumulativePage(EventHandler handler) throws Exception {
        List<Event> events = client.read(stream, consumer, eventName, client.pageSize(), client.pollWait());
        for (Event event : events) {
            if (!running) {
                return;
            }
            handling = true;
            try {
                handler.handle(event);
                client.acknowledge(stream, consumer, event.eventId());
                handled.incrementAndGet();
            } finally {
                handling = false;
            }
        }
    }

    private void leasedPage(Leases leases, LeasedEventHandler handler) {
        List<LeasedEvent> events = client.lease(stream, consumer, eventName, client.pageSize(), client.pollWait(),
                leases);
        handling = true;
        // a close() between the answer and the line above interrupted this thread: the page is finished below
        // (acknowledged or given back) all the same, and the loop ends after it
        Thread.interrupted();
        List<String> done = new ArrayList<>(events.size());
        List<String> unhandled = new ArrayList<>();
        try {
            for (LeasedEvent event : events) {
                if (!running) {
                    unhandled.add(event.eventId());
                    continue;
                }
                try {
                    handler.handle(event);
                    done.add(event.eventId());
                } catch (Exception failed) {
                    release(List.of(event.eventId()), leases.nackDelay());
                    errors.accept(failed);
                }
            }
            if (!done.isEmpty()) {
                client.acknowledgeAll(stream, consumer, done);
                handled.addAndGet(done.size());
            }
            if (!unhandled.isEmpty()) {
                release(unhandled, Duration.ZERO);
            }
        } finally {
            handling = false;
        }
    }

    /**
     * Gives the events back. One whose lease ended meanwhile (409: too slow, or a retried request that did reach
     * the server) is leasable again anyway, so nothing is lost then; the others are given back one by one.
     */
    private void release(List<String> eventIds, Duration delay) {
        try {
            client.nackAll(stream, consumer, eventIds, delay);
        } catch (ConflictException oneNoLongerLeased) {
            for (String eventId : eventIds) {
                try {
                    client.nack(stream, consumer, eventId, delay);
                } catch (ConflictException noLongerLeased) {
                    // its lease ended: leasable again without us
                }
            }
        }
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    /**
     * Stops the loop: the event in the handler's hands is finished (and acknowledged) first; a leased loop gives
     * the rest of its page back.
     */
    @Override
    public void close() {
        running = false;
        if (!handling) {
            // ends a long-poll at once; an event in hand is finished and acknowledged first
            thread.interrupt();
        }
        try {
            thread.join(Duration.ofSeconds(35));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
