package org.halo.cli;

import java.util.Locale;
import org.halo.io.dicom.ContourTracer;

/** The {@code --holes} option's words for how a structure set's holes are written. */
final class HoleForm {
    private HoleForm() {}

    static ContourTracer.Holes parse(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "keyhole" -> ContourTracer.Holes.KEYHOLE;
            case "separate" -> ContourTracer.Holes.SEPARATE;
            default -> throw new IllegalArgumentException("--holes must be keyhole or separate, got '" + word + "'");
        };
    }
}
