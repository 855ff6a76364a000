package io.eventserver.adapters.http.users;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.eventserver.adapters.http.protocol.JsonResponses;
import io.eventserver.adapters.http.protocol.MethodNotAllowed;
import io.eventserver.adapters.http.protocol.Pages;
import io.eventserver.adapters.http.protocol.Requests;
import io.eventserver.adapters.http.security.Caller;
import io.eventserver.adapters.http.security.RouteAccess;
import io.eventserver.application.model.UserView;
import io.eventserver.application.port.in.ManageUsersUseCase.PatchUserCommand;
import io.eventserver.application.port.in.ManageUsersUseCase.PutUserCommand;
import io.eventserver.application.port.in.ManageUsersUseCase;
import io.eventserver.domain.access.Login;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * User management for admins: {@code /api/v1/users} and {@code /api/v1/users/{login}}; and for everyone their own
 * rights, {@code /api/v1/me} (what the console shows and hides).
 */
public final class UsersHttpService implements HttpService {

    static final String USERS_PATH = "/api/v1/users";
    static final String USER_PATH = "/api/v1/users/{login}";
    static final String ME_PATH = "/api/v1/me";

    private static final int MAX_DOCUMENT_BYTES = 64 * 1024;

    private final ManageUsersUseCase users;

    public UsersHttpService(ManageUsersUseCase users) {
        this.users = Objects.requireNonNull(users, "users");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(USERS_PATH, this::list)
                .any(USERS_PATH, MethodNotAllowed.handler("GET"))
                .put(USER_PATH, this::put)
                .get(USER_PATH, this::get)
                .patch(USER_PATH, this::patch)
                .delete(USER_PATH, this::delete)
                .any(USER_PATH, MethodNotAllowed.handler("DELETE, GET, PATCH, PUT"))
                .get(ME_PATH, this::me)
                .any(ME_PATH, MethodNotAllowed.handler("GET"));
    }

    private void me(ServerRequest req, ServerResponse res) {
        Caller caller = RouteAccess.caller(req);
        JsonResponses.sendJson(res, Status.OK_200, UsersJson.me(caller.login(), caller.permissions()));
    }

    /**
     * A page of the users: still the JSON array it always was; when more follow, a {@code Link: <…?after=…&limit=…>;
     * rel="next"} header names the next page (issue 29).
     */
    private void list(ServerRequest req, ServerResponse res) {
        RouteAccess.requireAdmin(req);
        int limit = Pages.limit(req);
        Optional<Login> after = req.query().contains("after")
                ? Optional.of(new Login(Requests.singleQueryParameter(req, "after")))
                : Optional.empty();
        ManageUsersUseCase.UserPage page = users.list(after, limit);
        page.next().ifPresent(next -> Pages.linkNext(req, res, next.value(), limit));
        JsonResponses.sendJson(res, Status.OK_200, UsersJson.users(page.users()));
    }

    private void put(ServerRequest req, ServerResponse res) {
        Caller admin = RouteAccess.requireAdmin(req);
        // the rule of new logins; reading and deleting take any login an earlier version may have stored
        Login login = Login.forNewUser(req.path().pathParameters().get("login"));
        Requests.requireContentType(req, "application/json");
        UserDocument document = UserDocument.parse(Requests.body(req, MAX_DOCUMENT_BYTES));
        boolean created;
        try {
            created = users.put(new PutUserCommand(login, document.password(), document.roles(), document.grants(),
                    admin.login()));
        } finally {
            Arrays.fill(document.password(), '\0');
        }
        JsonResponses.sendJson(res, created ? Status.CREATED_201 : Status.OK_200, UsersJson.user(users.get(login)));
    }

    /** A JSON merge patch of the user (ADR 49): the members it names change, the others stay. */
    private void patch(ServerRequest req, ServerResponse res) {
        Caller admin = RouteAccess.requireAdmin(req);
        Login login = new Login(req.path().pathParameters().get("login"));
        Requests.requireContentType(req, List.of("application/merge-patch+json", "application/json"));
        UserDocument.Patch patch = UserDocument.Patch.parse(Requests.body(req, MAX_DOCUMENT_BYTES));
        UserView changed;
        try {
            changed = users.patch(new PatchUserCommand(login, patch.password(), patch.roles(), patch.grants(),
                    admin.login()));
        } finally {
            patch.password().ifPresent(password -> Arrays.fill(password, '\0'));
        }
        JsonResponses.sendJson(res, Status.OK_200, UsersJson.user(changed));
    }

    private void get(ServerRequest req, ServerResponse res) {
        RouteAccess.requireAdmin(req);
        Login login = new Login(req.path().pathParameters().get("login"));
        JsonResponses.sendJson(res, Status.OK_200, UsersJson.user(users.get(login)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Caller admin = RouteAccess.requireAdmin(req);
        Login login = new Login(req.path().pathParameters().get("login"));
        users.delete(login, admin.login());
        res.status(Status.NO_CONTENT_204).send();
    }
}
