package org.halo.cli;

import org.halo.clinical.guideline.Choices;
import org.halo.clinical.guideline.Choices.Intent;
import org.halo.clinical.miss.Platform;

/** One arm of a comparison: SRS or HSRT, its fraction count and, optionally, its own platform ("hsrt:5@mask-6dof"). */
record Regimen(Intent intent, int fractions, Platform platform, String label) {
    static Regimen parse(String text, Platform fallback) {
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
        if (intent == Intent.SRS && n != 1) throw new IllegalArgumentException("regimen '" + text + "': SRS is one fraction");
        if (intent == Intent.HSRT && (n < 2 || n > 5)) throw new IllegalArgumentException("regimen '" + text + "': HSRT is 2-5 fractions");
        String label = intent.token() + ":" + n + (p != null ? "@" + p.token() : "");
        return new Regimen(intent, n, p, label);
    }
}
