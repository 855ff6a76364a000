package io.eventserver.adapters.json;

import java.util.regex.Pattern;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * The schemas' regular expressions ({@code pattern}, {@code patternProperties}) on the JDK's engine, with a budget:
 * a match may read the characters of its input at most {@value #STEPS_PER_CHARACTER} times per character (plus
 * {@value #BASE_STEPS}). The JDK's engine backtracks, and neither it nor the library's alternatives (joni is a
 * backtracking engine too; GraalJS is heavy) promise linear time, so an expression built to backtrack —
 * {@code ^(a+)+$} on {@code aaaa…b} — is stopped after a bounded number of steps and the payload is refused
 * (ADR 66).
 */
final class BudgetedRegularExpressions implements RegularExpressionFactory {

    static final int STEPS_PER_CHARACTER = 1_000;
    static final int BASE_STEPS = 100_000;

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return value -> pattern.matcher(new Budgeted(value, BASE_STEPS + (long) STEPS_PER_CHARACTER * value.length(),
                regex)).find();
    }

    /** A match needed more steps than its budget. */
    static final class TooManySteps extends RuntimeException {
        TooManySteps(String regex) {
            super("the pattern " + regex + " needs too many steps for this payload", null, false, false);
        }
    }

    /** The input of one match, counting the reads of the engine. */
    private static final class Budgeted implements CharSequence {

        private final String text;
        private final String regex;
        private final long[] left;

        Budgeted(String text, long budget, String regex) {
            this(text, new long[] {budget}, regex);
        }

        private Budgeted(String text, long[] left, String regex) {
            this.text = text;
            this.left = left;
            this.regex = regex;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new TooManySteps(regex);
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Budgeted(text.substring(start, end), left, regex);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
