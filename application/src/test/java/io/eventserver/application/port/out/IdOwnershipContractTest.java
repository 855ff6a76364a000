package io.eventserver.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.eventserver.application.model.IdOwner;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import org.junit.jupiter.api.Test;

/** What every {@link IdOwnership} must do. An adapter proves itself by extending this class. */
public abstract class IdOwnershipContractTest {

    private static final Login ALICE = new Login("alice");
    private static final Login BOB = new Login("bob");

    /** The engine under test: the stores of one database or cluster, opened once for the test class. */
    protected abstract StorageEngine storage();

    private IdOwnership ownership() {
        return storage().idOwnership();
    }

    private static String uniqueId() {
        return "id-" + UUID.randomUUID();
    }

    @Test
    void theFirstUserOfAnIdOwnsItForGood() {
        String id = uniqueId();

        assertEquals(ALICE, ownership().claim(IdKind.PRODUCER, id, ALICE));
        assertEquals(ALICE, ownership().claim(IdKind.PRODUCER, id, BOB), "bob is told alice owns it");
        assertEquals(ALICE, ownership().claim(IdKind.PRODUCER, id, ALICE));
    }

    @Test
    void producerAndConsumerIdsAreSeparate() {
        String id = uniqueId();

        ownership().claim(IdKind.PRODUCER, id, ALICE);

        assertEquals(BOB, ownership().claim(IdKind.CONSUMER, id, BOB));
    }

    @Test
    void ofUsersRacingForANewIdExactlyOneWins() throws Exception {
        for (int round = 0; round < 10; round++) {
            String id = uniqueId();
            int racers = 8;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            try {
                List<Future<Login>> answers = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    Login user = new Login("racer-" + i);
                    answers.add(pool.submit(() -> {
                        start.await();
                        return ownership().claim(IdKind.CONSUMER, id, user);
                    }));
                }
                start.countDown();
                Set<Login> owners = new HashSet<>();
                for (Future<Login> answer : answers) {
                    owners.add(answer.get());
                }
                assertEquals(1, owners.size(), "every racer is told the same owner: " + owners);
                assertEquals(owners.iterator().next(), ownership().claim(IdKind.CONSUMER, id, ALICE));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void anAssignedIdBelongsToItsNewOwner() {
        String id = uniqueId();
        ownership().claim(IdKind.PRODUCER, id, ALICE);

        assertEquals(Optional.of(ALICE), ownership().assign(IdKind.PRODUCER, id, BOB));

        assertEquals(BOB, ownership().claim(IdKind.PRODUCER, id, ALICE));
        assertEquals(Optional.empty(), ownership().assign(IdKind.PRODUCER, uniqueId(), BOB), "an unclaimed id");
    }

    @Test
    void ownersAreListedInIdOrderPageByPage() {
        String prefix = "page-" + UUID.randomUUID() + "-";
        for (String suffix : List.of("c", "a", "b")) {
            ownership().claim(IdKind.CONSUMER, prefix + suffix, BOB);
        }

        List<IdOwner> first = ownership().owners(IdKind.CONSUMER, Optional.of(prefix), 2);
        List<IdOwner> second = ownership().owners(IdKind.CONSUMER, Optional.of(prefix + "b"), 1);

        assertEquals(List.of(prefix + "a", prefix + "b"), first.stream().map(IdOwner::id).toList());
        assertEquals(List.of(prefix + "c"), second.stream().map(IdOwner::id).toList());
        assertTrue(first.stream().allMatch(owner -> owner.owner().equals(BOB) && owner.kind() == IdKind.CONSUMER));
    }
}
