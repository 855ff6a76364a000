package io.eventserver.adapters.http.events;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

import io.eventserver.adapters.http.protocol.BadRequest;

/** The small {@code application/x-www-form-urlencoded} bodies of ACK, NACK, EXTEND and RETRY. */
final class Forms {

    static final int MAX_FORM_BYTES = 4096;

    private Forms() {
    }

    /** The fields of a form, each given at most once; unknown fields are kept and ignored by the routes. */
    record Form(Map<String, String> fields) {

        /** A required field. */
        String required(String name, String example) {
            String value = fields.get(name);
            if (value == null) {
                throw new BadRequest("the form field " + name + "=" + example + " is required");
            }
            return value;
        }

        /** An optional field that must be an integer of 1–9 digits; its range is the use case's to check. */
        OptionalInt integer(String name) {
            String value = fields.get(name);
            if (value == null) {
                return OptionalInt.empty();
            }
            if (!value.matches("[0-9]{1,9}")) {
                throw new BadRequest(name + " must be an integer");
            }
            return OptionalInt.of(Integer.parseInt(value));
        }
    }

    /** @throws BadRequest when a field the routes read is given twice, or the body is not a form */
    static Form parse(byte[] body) {
        String form = new String(body, StandardCharsets.UTF_8);
        Map<String, String> fields = new HashMap<>();
        for (String field : form.split("&", -1)) {
            if (field.isEmpty()) {
                continue;
            }
            int equals = field.indexOf('=');
            String name = decode(equals < 0 ? field : field.substring(0, equals));
            String value = equals < 0 ? "" : decode(field.substring(equals + 1));
            if (fields.put(name, value) != null && isRead(name)) {
                throw new BadRequest(name + " must be given once");
            }
        }
        return new Form(fields);
    }

    private static boolean isRead(String name) {
        return name.equals("action") || name.equals("delay") || name.equals("lease");
    }

    private static String decode(String formText) {
        try {
            return URLDecoder.decode(formText, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the form body is not valid application/x-www-form-urlencoded");
        }
    }
}
