package org.halo.clinical.miss;

import java.util.List;
import org.halo.image.Grid;
import org.halo.metrics.DoseGrid;

/** The dose the points read: a tabulated analytic fall-off, the sharp edge, or the imported dose on the lattice. */
record DoseTable(float[] relative, double[] falloff, double stepMm, double g50Mm, boolean sharp, int outsideGrid) {
    static DoseTable of(DoseModel dose, MissLattice lattice, List<String> warnings) {
        if (dose instanceof DoseModel.Imported im) {
            Grid grid = lattice.grid();
            int nx = grid.size(0), ny = grid.size(1);
            float[] rel = new float[grid.voxelCount()];
            int outside = 0;
            DoseGrid dg = im.dose();
            for (int i = 0; i < rel.length; i++) {
                double[] pos = grid.indexToPatientMm(i % nx, (i / nx) % ny, i / (nx * ny));
                double gy = dg.gyAt(pos[0], pos[1], pos[2]);
                if (Double.isNaN(gy)) {
                    outside++;
                    gy = 0;
                }
                rel[i] = (float) (gy / im.rxGy());
            }
            if (outside > 0) {
                warnings.add(outside + " lattice points the scenarios can reach lie outside the dose grid; their dose is taken as 0");
            }
            return new DoseTable(rel, null, 0, Double.NaN, false, outside);
        }
        if (dose instanceof DoseModel.SharpEdge) return new DoseTable(null, null, 0, Double.NaN, true, 0);
        DoseModel.Falloff f = DoseModel.falloff(dose, lattice.ptvCc());
        return new DoseTable(null, f.values(), f.stepMm(), f.g50Mm(), false, 0);
    }
}
