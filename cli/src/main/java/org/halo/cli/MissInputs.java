package org.halo.cli;

import java.nio.file.Path;
import org.halo.HaloException;
import org.halo.image.Mask;

/** Reading the CTV (and PTV) for the miss model, with errors that name the file. */
final class MissInputs {
    private MissInputs() {}

    static Mask ctv(Path file) {
        Mask m = Inputs.mask(file, null);
        if (m.isEmpty()) throw HaloException.inFile(file, "the CTV is empty");
        return m;
    }

    static Mask ptv(Path file, Mask ctv) {
        Mask p = Inputs.mask(file, null);
        if (!p.grid().sameGeometry(ctv.grid(), 1e-4)) throw HaloException.inFile(file, "the PTV is not on the CTV's grid (" + p.grid() + " vs " + ctv.grid() + ")");
        if (p.isEmpty()) throw HaloException.inFile(file, "the PTV is empty");
        return p;
    }

    static double[] isocentre(double[] mm) {
        if (mm == null) return null;
        if (mm.length != 3) throw new IllegalArgumentException("--isocentre-mm takes three values x,y,z (mm, LPS)");
        return mm;
    }
}
