package org.halo.io.dicom;

import java.nio.file.Path;
import java.util.Locale;
import org.halo.DecimalText;
import org.halo.HaloException;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;

/**
 * A structure to write into a structure set, as an image file and how to present it: the file (a mask, or a sub-voxel
 * fraction map traced at its 0.5 level), the ROI name, display colour (0–255 each) and RT ROI Interpreted Type.
 */
public record StructureFile(Path file, String name, int[] colour, String type) {
    /**
     * Parses {@code FILE:NAME[:R,G,B[:TYPE]]} (type upper-cased, default ORGAN); a malformed text is an IllegalArgumentException saying why.
     *
     * @param text the text
     * @return the structure file
     */
    public static StructureFile parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length < 2 || parts.length > 4 || parts[1].isBlank()) throw new IllegalArgumentException("give MASK:NAME[:R,G,B[:TYPE]]");
        int[] colour = RtStructureSetWriter.DEFAULT_COLOUR.clone();
        if (parts.length >= 3 && !parts[2].isBlank()) {
            String[] c = parts[2].split(",");
            if (c.length != 3) throw new IllegalArgumentException("the colour is R,G,B (0-255 each)");
            try {
                for (int k = 0; k < 3; k++) colour[k] = Integer.parseInt(c[k].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the colour is R,G,B (0-255 each)");
            }
        }
        String type = parts.length == 4 && !parts[3].isBlank() ? parts[3].toUpperCase(Locale.ROOT) : "ORGAN";
        return new StructureFile(Path.of(parts[0]), parts[1], colour, type);
    }

    /**
     * The structure, read and checked against the CT grid: a binary image is a mask; one with values between 0 and 1 is a
     * fraction map, traced at 0.5; anything else is refused naming the file. Null when the structure is empty.
     *
     * @param ctGrid the CT's grid
     * @return the structure, or null
     */
    public RtStructureSetWriter.Structure read(Grid ctGrid) {
        Volume v = ImageFiles.read(file);
        Volume fractions = null;
        Mask m;
        try {
            m = Mask.fromVolume(v, null);
        } catch (Mask.NotBinary e) {
            double[] range = v.range();
            if (!(range[0] >= 0 && range[1] <= 1)) {
                throw HaloException.inFile(file, "is neither a mask (0/1) nor a fraction map (values 0-1): values " + DecimalText.significant(range[0], 6)
                        + " to " + DecimalText.significant(range[1], 6));
            }
            fractions = v;
            m = Mask.empty(v.grid());
            Volume.Values at = v.values();
            for (int i = 0; i < m.voxels().length; i++) if (at.at(i) >= 0.5) m.voxels()[i] = 1;
        } catch (IllegalArgumentException e) {
            throw HaloException.inFile(file, e.getMessage());
        }
        if (!m.grid().sameGeometry(ctGrid, 1e-3)) throw HaloException.inFile(file, "is not on the CT grid (" + m.grid() + " vs " + ctGrid + ")");
        return m.isEmpty() ? null : new RtStructureSetWriter.Structure(name, colour, type, m, fractions);
    }
}
