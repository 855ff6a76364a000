package io.eventserver.bootstrap;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One setting, declared once in {@link SettingsTable}: its key, type, default, check and one-line description.
 * Reading ({@link Configuration#get}), the unknown-key warning ({@link Configuration#unknownKeys}), the warnings
 * about old spellings ({@link Configuration#oldSpellings}) and the README's configuration reference
 * ({@link SettingsTable#reference}) all come from these declarations (ADR 54).
 *
 * @param key         the key, e.g. {@code db.pool-size}; a {@code <placeholder>} in it declares a family of keys
 *                    ({@code limits.users.<login>.burst}); {@code <property>} stands for any key below
 * @param type        how a value is written and parsed
 * @param fallback    the value when the key is not set, or how it is derived
 * @param check       what a value must be besides being of its type
 * @param description one line for the README's configuration reference
 * @param former      the spelling this key replaced, still read with a warning
 * @param owner       who reads the value: us, or Helidon (then the default is handed to Helidon's configuration)
 */
record Setting<T>(String key, Type<T> type, Fallback<T> fallback, Check<T> check, String description,
                  Optional<Former> former, Owner owner) {

    Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(former, "former");
        Objects.requireNonNull(owner, "owner");
        if (former.isPresent() && type != Type.DURATION) {
            throw new IllegalArgumentException(key + ": only a duration has a former spelling");
        }
    }

    /** Who reads a setting's value. */
    enum Owner {
        /** eventserver, through {@link Configuration#get}. */
        US,
        /** Helidon, from the configuration it is given; our default is its lowest-priority source. */
        HELIDON,
        /** Helidon, a whole section of its own (e.g. {@code server.tls}); listed for the reference only. */
        HELIDON_SECTION
    }

    // ---- declarations: a type and a default, then .check(…), .describe(…) ----

    static Setting<Integer> integer(String key, int fallback) {
        return declare(key, Type.INTEGER, Fallback.value(fallback), Owner.US);
    }

    static Setting<Double> number(String key, double fallback) {
        return declare(key, Type.NUMBER, Fallback.value(fallback), Owner.US);
    }

    static Setting<Duration> duration(String key, Duration fallback) {
        return declare(key, Type.DURATION, Fallback.value(fallback), Owner.US);
    }

    static Setting<String> string(String key, String fallback) {
        return declare(key, Type.STRING, Fallback.value(fallback), Owner.US);
    }

    /** A setting of {@code type} without a fixed default: {@code shown} says what holds when it is not set. */
    static <T> Setting<T> optional(String key, Type<T> type, String shown) {
        return declare(key, type, Fallback.none(shown), Owner.US);
    }

    /** A setting whose default derives from others (e.g. half of another setting), {@code shown} in the README. */
    static <T> Setting<T> derived(String key, Type<T> type, String shown, Function<Configuration, T> fallback) {
        return declare(key, type, Fallback.derived(shown, fallback), Owner.US);
    }

    /** A section that Helidon reads as a whole ({@code server.tls}, {@code security.providers}). */
    static Setting<String> helidonSection(String key, String type, String shown) {
        return declare(key, new Type<>(type, "a section", s -> s, s -> s), Fallback.none(shown),
                Owner.HELIDON_SECTION);
    }

    private static <T> Setting<T> declare(String key, Type<T> type, Fallback<T> fallback, Owner owner) {
        return new Setting<>(key, type, fallback, Check.none(), "", Optional.empty(), owner);
    }

    /** The same setting, read by Helidon: its default becomes the lowest-priority source of Helidon's config. */
    Setting<T> readByHelidon() {
        return new Setting<>(key, type, fallback, check, description, former, Owner.HELIDON);
    }

    Setting<T> check(Predicate<T> accepts, String expectation) {
        return check((value, configuration) -> accepts.test(value), expectation);
    }

    /** A check that also reads other settings, e.g. "at most {@code api.max-concurrent-requests}". */
    Setting<T> check(BiPredicate<T, Configuration> accepts, String expectation) {
        return new Setting<>(key, type, fallback, new Check<>(accepts, expectation, false), description, former,
                owner);
    }

    /** One of {@code values}; a refusal names the value ({@code one of postgres, kafka, not cassandra}). */
    Setting<T> oneOf(List<T> values) {
        return new Setting<>(key, type, fallback, new Check<>((value, configuration) -> values.contains(value),
                "one of " + String.join(", ", values.stream().map(type.show()).toList()), true), description,
                former, owner);
    }

    Setting<T> describe(String text) {
        return new Setting<>(key, type, fallback, check, text, former, owner);
    }

    /**
     * The spelling this duration replaced: {@code key} holding a count of {@code unit}. {@code key} may be this
     * setting's own key when only the value's spelling changed (bare seconds).
     */
    Setting<T> formerly(String key, ChronoUnit unit) {
        return new Setting<>(this.key, type, fallback, check, description, Optional.of(new Former(key, unit)),
                owner);
    }

    /** This declaration for one member of its family: {@code limits.users.<login>.burst} for a real login. */
    Setting<T> at(String concreteKey) {
        return new Setting<>(concreteKey, type, fallback, check, description, former, owner);
    }

    /** Whether this declares a family of keys ({@code kafka.producer.<property>}). */
    boolean family() {
        return key.contains("<");
    }

    /** Whether {@code candidate} is this setting's key or one of its family. */
    boolean matches(String candidate) {
        if (owner == Owner.HELIDON_SECTION) {
            return candidate.equals(key) || candidate.startsWith(key + ".");
        }
        if (!family()) {
            return candidate.equals(key);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : key.split("(?=<)|(?<=>)")) {
            if (part.equals("<property>")) {
                regex.append(".+");
            } else if (part.startsWith("<")) {
                regex.append("[^.]+");
            } else {
                regex.append(Pattern.quote(part));
            }
        }
        return candidate.matches(regex.toString());
    }

    /** The top-level section of the key ({@code db} of {@code db.pool-size}). */
    String section() {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    /**
     * How a value is written.
     *
     * @param name     as the README's reference names it
     * @param expected what a refused value should have been, for the message
     */
    record Type<T>(String name, String expected, Function<String, T> parse, Function<T, String> show) {

        static final Type<Integer> INTEGER = new Type<>("integer", "an integer", Integer::parseInt,
                String::valueOf);
        static final Type<Double> NUMBER = new Type<>("number", "a number", Double::parseDouble,
                value -> new BigDecimal(value.toString()).stripTrailingZeros().toPlainString());
        static final Type<Duration> DURATION = new Type<>("duration", "an ISO-8601 duration such as PT10S",
                Duration::parse, Duration::toString);
        static final Type<String> STRING = new Type<>("string", "a string", value -> value, value -> value);
    }

    /** The value of a setting that is not set. */
    record Fallback<T>(Optional<T> value, String shown, Optional<Function<Configuration, T>> derivation) {

        static <T> Fallback<T> value(T value) {
            return new Fallback<>(Optional.of(value), "", Optional.empty());
        }

        static <T> Fallback<T> none(String shown) {
            return new Fallback<>(Optional.empty(), shown, Optional.empty());
        }

        static <T> Fallback<T> derived(String shown, Function<Configuration, T> derivation) {
            return new Fallback<>(Optional.empty(), shown, Optional.of(derivation));
        }

        Optional<T> in(Configuration configuration) {
            return value.isPresent() ? value : derivation.map(derive -> derive.apply(configuration));
        }
    }

    /**
     * What a value must be besides being of its type.
     *
     * @param expectation completes "{@code <key>} must be …" in a refusal, and is the README's "allowed"
     * @param namesValue  whether a refusal adds the refused value ({@code , not cassandra})
     */
    record Check<T>(BiPredicate<T, Configuration> accepts, String expectation, boolean namesValue) {

        static <T> Check<T> none() {
            return new Check<>((value, configuration) -> true, "", false);
        }
    }

    /**
     * An earlier spelling of a duration: {@code key} holding a bare count of {@code unit}
     * ({@code health.refresh-ms: 1000}, {@code api.max-wait: 30}).
     */
    record Former(String key, ChronoUnit unit) {

        /** The duration a former value stands for, or empty when it is not a whole number. */
        Optional<Duration> read(String value) {
            try {
                return Optional.of(Duration.of(Long.parseLong(value.trim()), unit));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        String unitName() {
            return switch (unit) {
                case MILLIS -> "milliseconds";
                case SECONDS -> "seconds";
                default -> unit.toString().toLowerCase(java.util.Locale.ROOT);
            };
        }
    }
}
