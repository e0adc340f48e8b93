package org.halo.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.halo.HaloException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest: bad rows refused naming the line, extra columns kept, and paths relative to the manifest's own folder. */
class ManifestTest {
    @Test
    void aManifestRefusesBadRowsNamingTheLine(@TempDir Path tmp) throws Exception {
        String[][] bad = {
            {"patient_id,target\nP1,a.nii\nP1,a.nii\n", "line 3 repeats line 2"},
            {"patient_id,target,rx_gy\nP1,a.nii,-20\n", "line 2: column rx_gy"},
            {"patient_id,target,isocentre_mm\nP1,a.nii,1;2\n", "line 2: column isocentre_mm"},
            {"patient_id,target\nP1\n", "line 2 has 1 fields"},
            {"patient_id,mask\nP1,a.nii\n", "neither an 'rtstruct' column"},
            {"patient_id,target\n,a.nii\n", "line 2: no patient_id"},
            {"patient_id,target\nP1,\"a.nii\n", "not closed"}};
        for (String[] b : bad) {
            Path m = tmp.resolve("m.csv");
            Files.writeString(m, b[0]);
            HaloException e = assertThrows(HaloException.class, () -> Manifest.read(m), b[0]);
            assertTrue(e.getMessage().contains(b[1]) && e.getMessage().contains("m.csv"), e.getMessage());
        }
        Files.writeString(tmp.resolve("ok.csv"), "patient_id,target,target_name,site\nP1,a.nii,,\"x,y\"\nP1,b.nii.gz,,z\n");
        Manifest ok = Manifest.read(tmp.resolve("ok.csv"));
        assertEquals(List.of("site"), ok.extraColumns());
        assertEquals("a", ok.entries().get(0).targetName());
        assertEquals("b", ok.entries().get(1).targetName());
        assertEquals("x,y", ok.entries().get(0).extra().get("site"));
        assertEquals(tmp.resolve("a.nii"), ok.entries().get(0).source());
    }

    /** Paths are written relative to the manifest's folder, where Manifest.read resolves them; absolute ones stay absolute. */
    @Test
    void manifestPathsAreRelativeToTheManifestsFolder(@TempDir Path tmp) throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        assertEquals("../x/rs.dcm", ManifestCsv.path(Path.of("x/rs.dcm"), cwd.resolve("study")));
        assertEquals("x/rs.dcm", ManifestCsv.path(Path.of("study/x/rs.dcm"), cwd.resolve("study")));
        assertEquals(tmp.resolve("rs.dcm").toString(), ManifestCsv.path(tmp.resolve("rs.dcm"), cwd.resolve("study")));

        Files.createDirectories(tmp.resolve("study"));
        Path rs = tmp.resolve("dicom/rs.dcm");
        ManifestRow row = new ManifestRow("P", cwd.relativize(rs), null, null, null, null, null, null, List.of("GTV"), List.of());
        ManifestCsv.write(List.of(row), tmp.resolve("study/manifest.csv"));
        assertTrue(Files.readString(tmp.resolve("study/manifest.csv")).contains("P,../dicom/rs.dcm,"), Files.readString(tmp.resolve("study/manifest.csv")));
        assertEquals(rs, Manifest.read(tmp.resolve("study/manifest.csv")).entries().get(0).source());
    }
}
