package io.eventserver.adapters.postgres.users;

import static io.eventserver.adapters.postgres.schema.Tables.USERS;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.eventserver.adapters.postgres.notifications.Notifications;
import io.eventserver.adapters.postgres.schema.tables.records.UsersRecord;
import io.eventserver.adapters.postgres.sql.SqlFailures;
import io.eventserver.application.port.out.UserStore;
import io.eventserver.domain.access.Action;
import io.eventserver.domain.access.Grant;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.access.LoginTaken;
import io.eventserver.domain.access.StreamPattern;
import io.eventserver.domain.access.UserAccount;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * {@link UserStore} on PostgreSQL: the {@code users} table. Every save and delete notifies the processes on the
 * database ({@value #CHANNEL}) in the same transaction, so they hear of it once it is committed (ADR 28).
 */
public final class PostgresUserStore implements UserStore {

    static final String CHANNEL = "eventserver_users";

    private final DSLContext dsl;
    private final List<Consumer<Login>> listeners = new CopyOnWriteArrayList<>();

    /** Listens before {@code notifications} starts, so that no change committed after the start is missed. */
    public PostgresUserStore(DSLContext dsl, Notifications notifications) {
        this.dsl = dsl;
        notifications.listen(CHANNEL, login -> {
            Login changed = login == null ? null : new Login(login);
            listeners.forEach(listener -> listener.accept(changed));
        });
    }

    @Override
    public Optional<UserAccount> find(Login login) {
        return SqlFailures.call(() -> dsl.selectFrom(USERS).where(USERS.LOGIN.eq(login.value()))
                .fetchOptional(PostgresUserStore::account));
    }

    @Override
    public List<UserAccount> list(Optional<Login> after, int limit) {
        Field<String> login = USERS.LOGIN.collate("C");
        Condition page = after.map(last -> login.gt(DSL.val(last.value()).collate("C"))).orElse(DSL.trueCondition());
        return SqlFailures.call(() -> dsl.selectFrom(USERS).where(page).orderBy(login).limit(limit)
                .fetch(PostgresUserStore::account));
    }

    @Override
    public boolean save(UserAccount user) {
        String[] roles = user.roles().stream().sorted().toArray(String[]::new);
        String[] grants = user.grants().map(PostgresUserStore::encode).orElse(null);
        return SqlFailures.call(() -> dsl.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            // logins are unique regardless of case: saves of logins equal but for case wait for each other here,
            // so that the check below sees a rival's committed row (the table keeps its case-sensitive key)
            tx.select(DSL.function("pg_advisory_xact_lock", Object.class,
                    DSL.function("hashtext", Integer.class, DSL.lower(DSL.val(user.login().value()))))).fetch();
            Optional<String> rival = tx.select(USERS.LOGIN).from(USERS)
                    .where(DSL.lower(USERS.LOGIN).eq(DSL.lower(DSL.val(user.login().value()))))
                    .and(USERS.LOGIN.ne(user.login().value()))
                    .limit(1)
                    .fetchOptional(USERS.LOGIN);
            if (rival.isPresent()) {
                throw new LoginTaken(user.login(), new Login(rival.get()));
            }
            // xmax is 0 on a row this statement inserted, set on one it updated: one statement decides, also when
            // two admins create the same login at once
            boolean created = tx.insertInto(USERS, USERS.LOGIN, USERS.PASSWORD_HASH, USERS.ROLES, USERS.GRANTS)
                    .values(user.login().value(), user.passwordHash(), roles, grants)
                    .onConflict(USERS.LOGIN)
                    .doUpdate()
                    .set(USERS.PASSWORD_HASH, user.passwordHash())
                    .set(USERS.ROLES, roles)
                    .set(USERS.GRANTS, grants)
                    .set(USERS.CHANGED_AT, DSL.currentOffsetDateTime())
                    .returningResult(DSL.field("xmax = 0", Boolean.class))
                    .fetchSingle()
                    .value1();
            notify(tx, user.login());
            return created;
        }));
    }

    @Override
    public Optional<UserAccount> update(Login login, UnaryOperator<UserAccount> change) {
        return SqlFailures.call(() -> dsl.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            // the row lock keeps every other save, update or delete of this login out until the commit
            Optional<UserAccount> stored = tx.selectFrom(USERS).where(USERS.LOGIN.eq(login.value())).forUpdate()
                    .fetchOptional(PostgresUserStore::account);
            if (stored.isEmpty()) {
                return Optional.<UserAccount>empty();
            }
            UserAccount changed = change.apply(stored.get());
            if (!changed.login().equals(login)) {
                throw new IllegalArgumentException("an update cannot change the login");
            }
            tx.update(USERS)
                    .set(USERS.PASSWORD_HASH, changed.passwordHash())
                    .set(USERS.ROLES, changed.roles().stream().sorted().toArray(String[]::new))
                    .set(USERS.GRANTS, changed.grants().map(PostgresUserStore::encode).orElse(null))
                    .set(USERS.CHANGED_AT, DSL.currentOffsetDateTime())
                    .where(USERS.LOGIN.eq(login.value()))
                    .execute();
            notify(tx, login);
            return Optional.of(changed);
        }));
    }

    @Override
    public boolean delete(Login login) {
        return SqlFailures.call(() -> dsl.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            int deleted = tx.deleteFrom(USERS).where(USERS.LOGIN.eq(login.value())).execute();
            notify(tx, login);
            return deleted == 1;
        }));
    }

    @Override
    public void onChange(Consumer<Login> listener) {
        listeners.add(listener);
    }

    private static void notify(DSLContext tx, Login login) {
        tx.select(DSL.function("pg_notify", Object.class, DSL.val(CHANNEL), DSL.val(login.value()))).fetch();
    }

    private static UserAccount account(UsersRecord row) {
        return new UserAccount(new Login(row.getLogin()), row.getPasswordHash(), Set.of(row.getRoles()),
                Optional.ofNullable(row.getGrants()).map(PostgresUserStore::decode));
    }

    /** Each grant as {@code "<stream pattern> <action>[,<action>]"} (patterns hold neither spaces nor commas). */
    private static String[] encode(List<Grant> grants) {
        return grants.stream().map(grant -> grant.streams().value() + " " + grant.actions().stream()
                        .sorted().map(Action::word).collect(Collectors.joining(",")))
                .toArray(String[]::new);
    }

    private static List<Grant> decode(String[] grants) {
        return Arrays.stream(grants).map(grant -> {
            int space = grant.indexOf(' ');
            Set<Action> actions = EnumSet.noneOf(Action.class);
            for (String word : grant.substring(space + 1).split(",")) {
                actions.add(Action.of(word, "actions"));
            }
            return new Grant(new StreamPattern(grant.substring(0, space)), actions);
        }).toList();
    }
}
