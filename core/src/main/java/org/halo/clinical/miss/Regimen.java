package org.halo.clinical.miss;

import org.halo.clinical.guideline.Choices;
import org.halo.clinical.guideline.Choices.Intent;

/**
 * One arm of a comparison: SRS or HSRT, its fraction count and, optionally, its own platform ("hsrt:5@mask-6dof").
 * The fraction rules of the two intents live here, once, for regimens and for guideline queries alike.
 */
public record Regimen(Intent intent, int fractions, Platform platform, String label) {
    public Regimen {
        String problem = fractionProblem(intent, fractions);
        if (problem != null) throw new IllegalArgumentException(problem);
    }

    /** Why {@code fractions} does not fit {@code intent} (SRS is one fraction, HSRT two to five), or null when it does. */
    public static String fractionProblem(Intent intent, int fractions) {
        if (intent == Intent.SRS && fractions != 1) return "SRS is one fraction; " + fractions + " fractions is HSRT";
        if (intent == Intent.HSRT && fractions > 5) {
            return fractions + " fractions is conventional radiotherapy, out of scope (HSRT is 2-5 fractions)";
        }
        if (intent == Intent.HSRT && fractions < 2) return "HSRT needs 2-5 fractions; one fraction is SRS";
        return null;
    }

    /** Parses KIND:FRACTIONS[@PLATFORM]; without a platform of its own the regimen takes {@code fallback} (may be null). */
    public static Regimen parse(String text, Platform fallback) {
        String t = text.trim();
        Platform p = fallback;
        int at = t.indexOf('@');
        if (at >= 0) {
            p = Choices.parse(Platform.class, t.substring(at + 1), "platform of regimen '" + text + "'");
            t = t.substring(0, at);
        }
        String[] kv = t.split(":");
        if (kv.length != 2) throw new IllegalArgumentException("regimen '" + text + "' is not KIND:FRACTIONS[@PLATFORM] (e.g. srs:1, hsrt:5@mask-6dof)");
        Intent intent = Choices.parse(Intent.class, kv[0], "regimen kind");
        int n;
        try {
            n = Integer.parseInt(kv[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("regimen '" + text + "': '" + kv[1] + "' is not a number of fractions");
        }
        String problem = fractionProblem(intent, n);
        if (problem != null) throw new IllegalArgumentException("regimen '" + text + "': " + problem);
        return new Regimen(intent, n, p, intent.token() + ":" + n + (p != null ? "@" + p.token() : ""));
    }
}
