package io.eventserver.client;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A consumer loop on its own thread: reads a page with {@code wait} (long-poll), hands each event to the handler in
 * sequence order and acknowledges it when the handler returned, then reads on. The server keeps the offset, so a
 * loop started again (after a restart of either side) resumes after the last acknowledged event. A handler that
 * throws leaves its event unacknowledged; the loop waits and reads from the offset again (at-least-once).
 * {@link #close} stops the loop after the event in hand.
 */
public final class Subscription implements AutoCloseable {

    private final EventServerClient client;
    private final String stream;
    private final String consumer;
    private final String eventName;
    private final EventHandler handler;
    private final Consumer<Exception> errors;
    private final Thread thread;
    private final AtomicLong handled = new AtomicLong();
    private volatile boolean running = true;
    /** True from the handler's call to the acknowledgement's answer: {@link #close} does not interrupt that. */
    private volatile boolean handling;

    Subscription(EventServerClient client, String stream, String consumer, String eventName, EventHandler handler,
                 Consumer<Exception> errors) {
        this.client = client;
        this.stream = Objects.requireNonNull(stream, "stream");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.eventName = Objects.requireNonNull(eventName, "eventName");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.thread = Thread.ofPlatform().name("eventserver-subscription-" + stream + "-" + consumer)
                .daemon(true).unstarted(this::loop);
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
                List<Event> page = client.read(stream, consumer, eventName, client.pageSize(), client.pollWait());
                for (Event event : page) {
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

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    /** Stops the loop: the event in the handler's hands is finished (and acknowledged) first. */
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
