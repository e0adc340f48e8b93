package org.halo.geometry;

import java.util.List;
import org.halo.image.Mask;

/** The structure a margin operation produced, with anything the user must be told about it (edge cuts, empty input). */
public record MarginResult(Mask mask, List<String> warnings) {
    /**
     * Keeps a copy of the warnings.
     *
     * @param mask the structure
     * @param warnings what the user must be told
     */
    public MarginResult {
        warnings = List.copyOf(warnings);
    }
}
