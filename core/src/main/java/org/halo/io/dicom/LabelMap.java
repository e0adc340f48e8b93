package org.halo.io.dicom;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.halo.DecimalText;
import org.halo.HaloException;
import org.halo.image.Grid;
import org.halo.image.Mask;
import org.halo.image.Volume;
import org.halo.io.ImageFiles;

/** A label map on a CT grid as structures: one per non-zero label value, in increasing order, named where a name is given. */
public final class LabelMap {
    private static final int[][] PALETTE = {{255, 0, 0}, {0, 160, 255}, {0, 200, 0}, {255, 160, 0}, {200, 0, 200}, {0, 200, 200}};

    private LabelMap() {}

    /**
     * The structures of the label map in {@code file}; a named label that is absent, or a non-integer value, is refused.
     *
     * @param file the label map
     * @param names ROI names by label value
     * @param ctGrid the CT's grid
     * @return one structure per label
     */
    public static List<RtStructureSetWriter.Structure> structures(Path file, Map<Long, String> names, Grid ctGrid) {
        Volume v = ImageFiles.read(file);
        if (!v.grid().sameGeometry(ctGrid, 1e-3)) throw HaloException.inFile(file, "is not on the CT grid (" + v.grid() + " vs " + ctGrid + ")");
        Volume.Values at = v.values();
        TreeSet<Long> values = new TreeSet<>();
        int count = v.grid().voxelCount();
        for (int i = 0; i < count; i++) {
            double x = at.at(i);
            if (x != Math.rint(x)) throw HaloException.inFile(file, "is not a label map (value " + DecimalText.significant(x, 6) + " is not an integer)");
            if (x != 0) values.add((long) x);
        }
        for (Long k : names.keySet()) if (!values.contains(k)) throw HaloException.inFile(file, "holds no label " + k + " (named in the label names)");
        List<RtStructureSetWriter.Structure> out = new ArrayList<>();
        int c = 0;
        for (long value : values) {
            Mask m = Mask.empty(v.grid());
            for (int i = 0; i < count; i++) if (at.at(i) == value) m.voxels()[i] = 1;
            out.add(new RtStructureSetWriter.Structure(names.getOrDefault(value, "label " + value), PALETTE[c++ % PALETTE.length], "ORGAN", m));
        }
        return out;
    }
}
