package io.eventserver.adapters.http.users;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;
import io.eventserver.adapters.http.protocol.JsonText;
import io.eventserver.application.model.IdOwner;
import io.eventserver.application.model.UserView;
import io.eventserver.domain.access.Action;
import io.eventserver.domain.access.Grant;
import io.eventserver.domain.access.IdKind;
import io.eventserver.domain.access.Login;
import io.eventserver.domain.access.Permissions;

/** JSON of the user and id-owner routes. Never a password or a hash. */
final class UsersJson {


    private UsersJson() {
    }

    /** The user document without {@code password}: {@code {"roles": […], "grants": […]}}. */
    static String user(UserView user) {
        return JsonText.write(json -> {
            json.writeStartObject();
            members(json, user);
            json.writeEndObject();
        });
    }

    /** Every user, each with its login and whether it comes from the configuration (read-only). */
    static String users(List<UserView> users) {
        return JsonText.write(json -> {
            json.writeStartArray();
            for (UserView user : users) {
                json.writeStartObject();
                json.writeStringField("login", user.login().value());
                members(json, user);
                json.writeBooleanField("readOnly", user.readOnly());
                json.writeEndObject();
            }
            json.writeEndArray();
        });
    }

    private static void members(JsonGenerator json, UserView user) throws IOException {
        roles(json, user.roles());
        if (user.grants().isPresent()) {
            grants(json, user.grants().get());
        }
    }

    private static void roles(JsonGenerator json, Collection<String> roles) throws IOException {
        json.writeArrayFieldStart("roles");
        for (String role : roles.stream().sorted().toList()) {
            json.writeString(role);
        }
        json.writeEndArray();
    }

    private static void grants(JsonGenerator json, List<Grant> grants) throws IOException {
        json.writeArrayFieldStart("grants");
        for (Grant grant : grants) {
            json.writeStartObject();
            json.writeStringField("streams", grant.streams().value());
            json.writeArrayFieldStart("actions");
            for (Action action : grant.actions().stream().sorted().toList()) {
                json.writeString(action.word());
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** The caller's own rights: {@code {"login": …, "roles": […], "grants": […]}}, the grants in effect. */
    static String me(Login login, Permissions permissions) {
        return JsonText.write(json -> {
            json.writeStartObject();
            json.writeStringField("login", login.value());
            roles(json, permissions.roles());
            grants(json, permissions.grants());
            json.writeEndObject();
        });
    }

    /** {@code {"producers": [{"producerId": …, "user": …, "since": …}], "next": …}} (or consumers). */
    static String owners(IdKind kind, List<IdOwner> owners, Optional<String> next) {
        return JsonText.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart(collection(kind));
            for (IdOwner owner : owners) {
                json.writeStartObject();
                json.writeStringField(idField(kind), owner.id());
                json.writeStringField("user", owner.owner().value());
                json.writeStringField("since", owner.since().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeFieldName("next");
            if (next.isPresent()) {
                json.writeString(next.get());
            } else {
                json.writeNull();
            }
            json.writeEndObject();
        });
    }

    /** {@code {"producerId": …, "user": …, "previousUser": … or null}}. */
    static String assigned(IdKind kind, String id, Login owner, Optional<Login> previous) {
        return JsonText.write(json -> {
            json.writeStartObject();
            json.writeStringField(idField(kind), id);
            json.writeStringField("user", owner.value());
            json.writeFieldName("previousUser");
            if (previous.isPresent()) {
                json.writeString(previous.get().value());
            } else {
                json.writeNull();
            }
            json.writeEndObject();
        });
    }

    static String collection(IdKind kind) {
        return kind == IdKind.PRODUCER ? "producers" : "consumers";
    }

    private static String idField(IdKind kind) {
        return kind == IdKind.PRODUCER ? "producerId" : "consumerId";
    }
}
