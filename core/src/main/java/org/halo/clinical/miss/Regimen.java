package org.halo.clinical.miss;

import org.halo.clinical.guideline.Intent;
import org.halo.clinical.guideline.Token;
import org.halo.clinical.guideline.Intent;

/**
 * One arm of a comparison: SRS or HSRT, its fraction count and, optionally, its own platform ("hsrt:5@mask-6dof").
 * The fraction rules of the two intents live here, once, for regimens and for guideline queries alike.
 */
public record Regimen(Intent intent, int fractions, Platform platform, String label) {
    /**
     * Checks that the fractions fit the intent.
     *
     * @param intent SRS or HSRT
     * @param fractions the number of fractions
     * @param platform the error preset, or null
     * @param label the regimen as text, KIND:N[@PLATFORM]
     */
    public Regimen {
        String problem = intent.fractionProblem(fractions);
        if (problem != null) throw new IllegalArgumentException(problem);
    }

    /**
     * Parses KIND:FRACTIONS[@PLATFORM]; without a platform of its own the regimen takes {@code fallback} (may be null).
     *
     * @param text KIND:FRACTIONS[@PLATFORM]
     * @param fallback the platform when the text names none, or null
     * @return the regimen
     */
    public static Regimen parse(String text, Platform fallback) {
        String t = text.trim();
        Platform p = fallback;
        int at = t.indexOf('@');
        if (at >= 0) {
            p = Token.parse(Platform.class, t.substring(at + 1), "platform of regimen '" + text + "'");
            t = t.substring(0, at);
        }
        String[] kv = t.split(":");
        if (kv.length != 2) throw new IllegalArgumentException("regimen '" + text + "' is not KIND:FRACTIONS[@PLATFORM] (e.g. srs:1, hsrt:5@mask-6dof)");
        Intent intent = Token.parse(Intent.class, kv[0], "regimen kind");
        int n;
        try {
            n = Integer.parseInt(kv[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("regimen '" + text + "': '" + kv[1] + "' is not a number of fractions");
        }
        String problem = intent.fractionProblem(n);
        if (problem != null) throw new IllegalArgumentException("regimen '" + text + "': " + problem);
        return new Regimen(intent, n, p, intent.token() + ":" + n + (p != null ? "@" + p.token() : ""));
    }
}
