package io.eventserver.application.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.eventserver.application.port.out.LeaseStore;
import io.eventserver.domain.consumer.ConsumerId;
import io.eventserver.domain.consumer.ConsumerLeases;
import io.eventserver.domain.consumer.LeaseChange;
import io.eventserver.domain.consumer.LeaseCursor;
import io.eventserver.domain.consumer.LeaseEntry;
import io.eventserver.domain.event.Sequence;

/**
 * Stores what the lease rules decided, under the cursor's lock, and moves the offset afterwards (ADR 52): the one
 * place the services write lease state through, so that every change ends with the offset advance the issue asks
 * for ("after every change … the offset moves up over the contiguous run of acknowledged or dead-lettered events").
 */
final class LeaseWork {

    private LeaseWork() {
    }

    /** Stores the changes of one (consumer, stream, event name), decided against the same cursor, then advances. */
    static void apply(ConsumerId consumer, LeaseStore.Leases leases, List<LeaseChange> changes) {
        List<LeaseEntry> put = new ArrayList<>();
        List<Sequence> remove = new ArrayList<>();
        Sequence through = null;
        boolean finishes = false;
        for (LeaseChange change : changes) {
            switch (change) {
                case LeaseChange.Unchanged unchanged -> {
                }
                case LeaseChange.Put p -> {
                    put.add(p.entry());
                    finishes |= !p.entry().state().unfinished();
                }
                case LeaseChange.Remove r -> {
                    remove.add(r.sequence());
                    finishes = true;
                }
                case LeaseChange.AcknowledgeThrough t -> through = through == null || t.sequence().isAfter(through)
                        ? t.sequence() : through;
            }
        }
        if (!put.isEmpty()) {
            leases.put(put);
        }
        if (!remove.isEmpty()) {
            leases.remove(remove);
        }
        if (through != null) {
            LeaseCursor cursor = leases.cursor();
            if (through.isAfter(cursor.offset())) {
                leases.endLeasesThrough(through);
                leases.setCursor(through, cursor.leasedThrough());
            }
        }
        // a NACK or EXTEND finishes nothing: the offset cannot move, and the look for the first unfinished is saved
        if (finishes || through != null) {
            advance(consumer, leases);
        }
    }

    /** Moves the offset over the finished run above it, if there is one. */
    static void advance(ConsumerId consumer, LeaseStore.Leases leases) {
        LeaseCursor cursor = leases.cursor();
        if (!cursor.leasedThrough().isAfter(cursor.offset())) {
            return;
        }
        Optional<Sequence> to = new ConsumerLeases(consumer, cursor)
                .advance(leases.firstUnfinishedAfter(cursor.offset()));
        to.ifPresent(offset -> leases.setCursor(offset, cursor.leasedThrough()));
    }
}
