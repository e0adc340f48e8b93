package org.halo.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.halo.cohort.DicomIndex;
import org.halo.cohort.SyntheticTree;

/**
 * The cohort index on a synthetic tree (cohort issue goal: 10 000 files in ≤ 10 s on 2 cores). Not JMH: a whole index
 * is seconds of file I/O; three runs after writing the tree (the first after a cache drop where the OS allows one).
 * Usage: CohortIndexBenchmark DIR [patients] [slices] [pixels].
 */
public final class CohortIndexBenchmark {
    private CohortIndexBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int patients = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int slices = args.length > 2 ? Integer.parseInt(args[2]) : 97;
        int pixels = args.length > 3 ? Integer.parseInt(args[3]) : 512;
        if (!Files.exists(dir)) {
            long t0 = System.nanoTime();
            int files = SyntheticTree.write(dir, patients, slices, pixels);
            System.out.printf(Locale.ROOT, "wrote %d files in %.1f s%n", files, (System.nanoTime() - t0) / 1e9);
        }
        for (int run = 0; run < 3; run++) {
            long t0 = System.nanoTime();
            DicomIndex.Result r = DicomIndex.index(List.of(dir), null);
            System.out.printf(Locale.ROOT, "run %d: %d files (%d DICOM), %d structure sets, %.2f s, %d processors%n", run + 1, r.files(), r.dicomFiles(),
                    r.rows().size(), (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().availableProcessors());
        }
    }
}
