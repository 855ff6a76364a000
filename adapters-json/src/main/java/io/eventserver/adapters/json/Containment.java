package io.eventserver.adapters.json;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * JSON containment as PostgreSQL's {@code jsonb @>} defines it (ADR 67): an object contains an object when each of
 * the latter's members is in the former with a value that contains the member's value; an array contains an array
 * when each element of the latter is contained by some element of the former (order and repeats do not matter); a
 * scalar contains an equal scalar (numbers by value: {@code 1} and {@code 1.0} are equal).
 */
final class Containment {

    private Containment() {
    }

    static boolean contains(JsonNode container, JsonNode contained) {
        if (contained.isObject()) {
            if (!container.isObject()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> members = contained.fields();
            while (members.hasNext()) {
                Map.Entry<String, JsonNode> member = members.next();
                JsonNode value = container.get(member.getKey());
                if (value == null || !contains(value, member.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (contained.isArray()) {
            if (!container.isArray()) {
                return false;
            }
            for (JsonNode wanted : contained) {
                boolean found = false;
                for (JsonNode element : container) {
                    if (contains(element, wanted)) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
        if (contained.isNumber()) {
            return container.isNumber() && container.decimalValue().compareTo(contained.decimalValue()) == 0;
        }
        return container.equals(contained);
    }
}
