package org.halo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.halo.clinical.miss.MissSimulation;

/**
 * The page of {@code halo explore}: one self-contained HTML file (inline CSS and script), its CTV's name filled in, and
 * whether it explores a plan (one risk per regimen) or margins, and whether it chooses among a cohort's targets.
 */
final class ExplorePage {
    /** Scenarios per regimen and margin the page starts with. */
    static final int SCENARIOS = 1000;

    private ExplorePage() {}

    static String html(String title, boolean plan, boolean cohort) {
        String template;
        try (InputStream in = ExplorePage.class.getResourceAsStream("explore.html")) {
            if (in == null) throw new IllegalStateException("explore.html is missing from the jar");
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return template.replace("TITLE", escape(title)).replace("SCENARIOS", String.valueOf(SCENARIOS))
                .replace("SEED", String.valueOf(MissSimulation.DEFAULT_SEED)).replace("/*PLAN*/false", String.valueOf(plan))
                .replace("/*COHORT*/false", String.valueOf(cohort));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
