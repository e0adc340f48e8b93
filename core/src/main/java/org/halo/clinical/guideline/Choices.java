package org.halo.clinical.guideline;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The categorical inputs of a guideline query, each with the token the rule table and the CLI use. */
public final class Choices {
    private Choices() {}

    /** A value with a stable lower-case token. */
    public interface Token {
        String token();
    }

    public enum Intent implements Token {
        SRS("srs"), HSRT("hsrt");
        private final String token;
        Intent(String t) { token = t; }
        public String token() { return token; }
    }

    public enum Target implements Token {
        INTACT("intact"), CAVITY("cavity");
        private final String token;
        Target(String t) { token = t; }
        public String token() { return token; }
    }

    public enum Immobilisation implements Token {
        INVASIVE_FRAME("frame"), RELOCATABLE_FRAME("relocatable-frame"), MASK("mask");
        private final String token;
        Immobilisation(String t) { token = t; }
        public String token() { return token; }
    }

    public enum Igrt implements Token {
        NONE("none"), TRANSLATION_3DOF("3dof"), SIX_DOF("6dof");
        private final String token;
        Igrt(String t) { token = t; }
        public String token() { return token; }
    }

    public enum Monitoring implements Token {
        NONE("none"), PERIODIC_XRAY("periodic"), CONTINUOUS("continuous");
        private final String token;
        Monitoring(String t) { token = t; }
        public String token() { return token; }
    }

    /** Whether the CTV of a cavity includes the surgical tract: the secondary sources disagree, so the clinician decides. */
    public enum SurgicalTract implements Token {
        YES("yes"), NO("no"), CLINICIAN("clinician");
        private final String token;
        SurgicalTract(String t) { token = t; }
        public String token() { return token; }
    }

    public enum Histology implements Token {
        MELANOMA("melanoma"), NSCLC("nsclc"), OTHER("other");
        private final String token;
        Histology(String t) { token = t; }
        public String token() { return token; }
    }

    /** Parses a token (case-insensitive; '_' and '-' are the same) or fails naming the allowed values. */
    public static <E extends Enum<E> & Token> E parse(Class<E> type, String text, String what) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (E e : type.getEnumConstants()) {
            if (e.token().equals(t) || e.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(t)) return e;
        }
        throw new IllegalArgumentException(what + " '" + text + "' is not one of "
                + Arrays.stream(type.getEnumConstants()).map(Token::token).collect(Collectors.joining(", ")));
    }
}
