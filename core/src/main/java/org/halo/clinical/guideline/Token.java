package org.halo.clinical.guideline;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A categorical value with a stable lower-case token, as the rule table and the command line write it. */
public interface Token {
    /**
     * The value's token, e.g. "hsrt" or "6dof".
     *
     * @return the token
     */
    String token();

    /**
     * Parses a token (case-insensitive; '_' and '-' are the same) or fails naming the allowed values.
     *
     * @param <E> the category
     * @param type its enum class
     * @param text the token
     * @param what the input in words, for the message
     * @return the value
     */
    static <E extends Enum<E> & Token> E parse(Class<E> type, String text, String what) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E e : type.getEnumConstants()) {
            if (e.token().equals(t) || e.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(t)) return e;
        }
        throw new IllegalArgumentException(what + " '" + text + "' is not one of "
                + Arrays.stream(type.getEnumConstants()).map(Token::token).collect(Collectors.joining(", ")));
    }
}
