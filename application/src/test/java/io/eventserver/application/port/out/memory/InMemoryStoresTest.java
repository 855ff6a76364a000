package io.eventserver.application.port.out.memory;

import io.eventserver.application.port.out.CursorStoreContractTest;
import io.eventserver.application.port.out.EventStoreContractTest;
import io.eventserver.application.port.out.IdOwnershipContractTest;
import io.eventserver.application.port.out.LeaseStoreContractTest;
import io.eventserver.application.port.out.RetentionStoreContractTest;
import io.eventserver.application.port.out.SchemaStoreContractTest;
import io.eventserver.application.port.out.StorageEngine;
import io.eventserver.application.port.out.StreamCatalogContractTest;
import org.junit.jupiter.api.Nested;

/**
 * The port contracts, unchanged, against the in-memory engine the service tests run on: what a service test learns
 * from it holds for the PostgreSQL and Kafka engines as far as the contracts reach (ADR 55).
 */
class InMemoryStoresTest {

    private static final InMemoryStorage STORAGE = new InMemoryStorage(EventStoreContractTest.MAX_EVENT_NAMES,
            java.time.Clock.systemUTC());
    /** A second node on the same memory, for the lease contract's races across nodes. */
    private static final StorageEngine OTHER_NODE = STORAGE.otherNode();

    @Nested
    class EventStoreContract extends EventStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return STORAGE;
        }

        @Override
        protected StorageEngine otherNode() {
            return OTHER_NODE;
        }
    }

    @Nested
    class SchemaStoreContract extends SchemaStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return STORAGE;
        }
    }

    @Nested
    class StreamCatalogContract extends StreamCatalogContractTest {
        @Override
        protected StorageEngine storage() {
            return STORAGE;
        }
    }

    @Nested
    class CursorStoreContract extends CursorStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return STORAGE;
        }
    }

    @Nested
    class IdOwnershipContract extends IdOwnershipContractTest {
        @Override
        protected StorageEngine storage() {
            return STORAGE;
        }
    }

    @Nested
    class LeaseStoreContract extends LeaseStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return STORAGE;
        }

        @Override
        protected StorageEngine otherNode() {
            return OTHER_NODE;
        }
    }

    @Nested
    class RetentionStoreContract extends RetentionStoreContractTest {
        @Override
        protected StorageEngine storage() {
            return STORAGE;
        }

        @Override
        protected StorageEngine otherNode() {
            return OTHER_NODE;
        }
    }
}
