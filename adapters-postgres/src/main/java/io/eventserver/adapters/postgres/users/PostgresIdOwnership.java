package io.eventserver.adapters.postgres.users;

import static io.eventserver.adapters.postgres.schema.Tables.ID_OWNERS;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.eventserver.adapters.postgres.notifications.Notifications;
import io.eventserver.adapters.postgres.sql.SqlFailures;
import io.eventserver.application.model.IdOwner;
import io.eventserver.application.port.out.IdOwnership;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * {@link IdOwnership} on PostgreSQL: one row per claimed id in {@code id_owners}. A claim is an insert that does
 * nothing when the row exists, followed by reading the row: of concurrent claims the primary key lets exactly one
 * insert. Owners are cached per process, since every publish and consume asks; an assignment notifies every
 * process on the database ({@value #CHANNEL}) to forget the id (ADR 28).
 */
public final class PostgresIdOwnership implements IdOwnership {

    static final String CHANNEL = "eventserver_id_owners";
    private static final int CACHE_LIMIT = 100_000;

    private final DSLContext dsl;
    private final Map<String, Login> owners = new ConcurrentHashMap<>();
    /** Counts forgetting, so that a look-up that began before an assignment cannot cache the owner it replaced. */
    private final AtomicLong generation = new AtomicLong();

    public PostgresIdOwnership(DSLContext dsl, Notifications notifications) {
        this.dsl = dsl;
        notifications.listen(CHANNEL, key -> {
            generation.incrementAndGet();
            if (key == null) {
                owners.clear();
            } else {
                owners.remove(key);
            }
        });
    }

    @Override
    public Login claim(IdKind kind, String id, Login user) {
        String key = key(kind, id);
        Login cached = owners.get(key);
        if (cached != null) {
            return cached;
        }
        long lookedUpAt = generation.get();
        Login owner = SqlFailures.call(() -> {
            dsl.insertInto(ID_OWNERS, ID_OWNERS.KIND, ID_OWNERS.ID, ID_OWNERS.OWNER)
                    .values(word(kind), id, user.value())
                    .onConflictDoNothing()
                    .execute();
            return new Login(dsl.select(ID_OWNERS.OWNER).from(ID_OWNERS)
                    .where(ID_OWNERS.KIND.eq(word(kind)), ID_OWNERS.ID.eq(id))
                    .fetchSingle(ID_OWNERS.OWNER));
        });
        if (owners.size() >= CACHE_LIMIT) {
            owners.clear();
        }
        owners.put(key, owner);
        if (generation.get() != lookedUpAt) {
            owners.remove(key);
        }
        return owner;
    }

    @Override
    public Optional<Login> owner(IdKind kind, String id) {
        Login cached = owners.get(key(kind, id));
        if (cached != null) {
            return Optional.of(cached);
        }
        return SqlFailures.call(() -> dsl.select(ID_OWNERS.OWNER).from(ID_OWNERS)
                .where(ID_OWNERS.KIND.eq(word(kind)), ID_OWNERS.ID.eq(id))
                .fetchOptional(ID_OWNERS.OWNER)
                .map(Login::new));
    }

    @Override
    public List<IdOwner> owners(IdKind kind, Optional<String> after, int limit) {
        return SqlFailures.call(() -> dsl.select(ID_OWNERS.ID, ID_OWNERS.OWNER, ID_OWNERS.SINCE)
                .from(ID_OWNERS)
                .where(ID_OWNERS.KIND.eq(word(kind)))
                .and(after.map(ID_OWNERS.ID::gt).orElse(DSL.trueCondition()))
                .orderBy(ID_OWNERS.ID)
                .limit(limit)
                .fetch(row -> new IdOwner(kind, row.value1(), new Login(row.value2()), row.value3().toInstant())));
    }

    @Override
    public Optional<Login> assign(IdKind kind, String id, Login owner) {
        String key = key(kind, id);
        Optional<Login> previous = SqlFailures.call(() -> dsl.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            Optional<String> before = tx.select(ID_OWNERS.OWNER).from(ID_OWNERS)
                    .where(ID_OWNERS.KIND.eq(word(kind)), ID_OWNERS.ID.eq(id))
                    .forUpdate()
                    .fetchOptional(ID_OWNERS.OWNER);
            tx.insertInto(ID_OWNERS, ID_OWNERS.KIND, ID_OWNERS.ID, ID_OWNERS.OWNER)
                    .values(word(kind), id, owner.value())
                    .onConflict(ID_OWNERS.KIND, ID_OWNERS.ID)
                    .doUpdate()
                    .set(ID_OWNERS.OWNER, owner.value())
                    .set(ID_OWNERS.SINCE, DSL.currentOffsetDateTime())
                    .execute();
            tx.select(DSL.function("pg_notify", Object.class, DSL.val(CHANNEL), DSL.val(key))).fetch();
            return before.map(Login::new);
        }));
        generation.incrementAndGet();
        owners.remove(key);
        return previous;
    }

    private static String word(IdKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static String key(IdKind kind, String id) {
        return word(kind) + ":" + id;
    }
}
