package org.halo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.halo.cohort.CohortRun;
import org.halo.cohort.CohortStore;
import org.halo.cohort.DicomIndex;
import org.halo.cohort.Manifest;
import org.halo.cohort.ManifestCsv;
import org.halo.cohort.Study;
import org.halo.cohort.SyntheticCohort;
import org.halo.compute.CpuBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark job on its local master gives the rows of halo cohort run, value for value and type for type. */
class CohortJobTest {
    @TempDir
    Path tmp;

    static Map<String, String> keys() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("platform", "mask-6dof-monitored");
        k.put("margins", "0,1");
        k.put("regimens", "srs:1,hsrt:3");
        k.put("scenarios", "100");
        k.put("coverage-maps", "true");
        k.put("margin-resolution", "0.5");
        return k;
    }

    @Test
    void localTwoGivesTheTablesOfCohortRun() throws Exception {
        SyntheticCohort.write(tmp.resolve("dicom"), 3, 11L, 2);
        Path manifest = tmp.resolve("manifest.csv");
        ManifestCsv.write(DicomIndex.index(List.of(tmp.resolve("dicom")), null).rows(), manifest);
        List<String> lines = new ArrayList<>(Files.readAllLines(manifest));
        lines.add("BROKEN," + tmp.resolve("missing-rs.dcm") + ",,,,,,,GTV_1,");
        Files.write(manifest, lines);
        Path local = tmp.resolve("local");
        CohortRun.Summary ref = new CohortRun(Manifest.read(manifest), Study.of(keys()), new CohortRun.Settings(2, false, new CpuBackend(2), "cpu", "test"))
                .run(local, null);
        assertEquals(1, ref.rowsFailed());

        SparkSession spark = SparkSession.builder().master("local[2]").appName("halo-test").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
        CohortJob.Summary s;
        try {
            s = CohortJob.run(spark, new CohortJob.Request(manifest.toUri().toString(), tmp.resolve("spark").toUri().toString(), keys(), "cpu", 1));
        } finally {
            spark.stop();
        }
        assertEquals(ref.targetsDone(), s.targets());
        assertEquals(1, s.errors());
        List<String> localMaps = names(local.resolve("maps")), sparkMaps = names(tmp.resolve("spark/maps"));
        assertTrue(!localMaps.isEmpty(), "coverage maps written");
        assertEquals(localMaps, sparkMaps, "the same coverage maps from both drivers");
        org.halo.image.Volume a = org.halo.io.ImageFiles.read(local.resolve("maps").resolve(localMaps.get(0)));
        org.halo.image.Volume b = org.halo.io.ImageFiles.read(tmp.resolve("spark/maps").resolve(localMaps.get(0)));
        assertEquals(a.sum(), b.sum(), 0, "and the same values");
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + local.resolve(CohortStore.FILE)); Statement st = db.createStatement()) {
            assertTrue(!rows(st, "SELECT margin_for_target_risk_low_mm FROM scenarios WHERE margin_for_target_risk_low_mm IS NOT NULL").isEmpty(),
                    "the study's margin search found something for the drivers to agree on");
            for (String t : CohortStore.EXPORTED) {
                String parquet = "read_parquet('" + tmp.resolve("spark").resolve(t) + "/*.parquet')";
                assertEquals(rows(st, "SELECT * FROM " + t), rows(st, "SELECT * FROM " + parquet), t);
                assertEquals(rows(st, "SELECT column_name, column_type FROM (DESCRIBE " + t + ")"),
                        rows(st, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM " + parquet + ")"), t + " column types");
            }
        }
    }

    /** As halo cohort run: exit code 1 when no target completed, with the manifest's relative paths read from its own folder. */
    @Test
    void aJobInWhichNothingCompletedExitsWithOne() throws Exception {
        Files.createDirectories(tmp.resolve("study"));
        Files.writeString(tmp.resolve("study/manifest.csv"), "patient_id,target\nP1,masks/none.nii\nP2,masks/gone.nii\n");
        int code = CohortJob.execute(new String[] {"--master", "local[1]", "--manifest", tmp.resolve("study/manifest.csv").toString(), "--out",
            tmp.resolve("out").toString(), "--platform", "frame", "--regimens", "srs:1", "--margins", "1", "--scenarios", "100", "--device", "cpu"});
        assertEquals(1, code);
        Class.forName("org.duckdb.DuckDBDriver");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
            List<String> errors = rows(st, "SELECT message FROM read_parquet('" + tmp.resolve("out/errors") + "/*.parquet')");
            assertEquals(2, errors.size());
            assertTrue(errors.get(0).contains(tmp.resolve("study/masks").toString()), "read from the manifest's folder: " + errors);
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeSparkStarts() {
        assertThrows(IllegalArgumentException.class, () -> Arguments.parse(new String[] {"--out", "x"}));
        assertThrows(IllegalArgumentException.class, () -> Arguments.parse(new String[] {"--manifest", "m.csv", "--out", "x", "--jobs", "2"}));
        Arguments a = Arguments.parse(new String[] {"--master", "local[2]", "--manifest", "m.csv", "--out", "o", "--platform", "frame", "--sharp-edge",
            "--margins=0,1"});
        assertEquals("local[2]", a.master());
        assertEquals(Map.of("platform", "frame", "sharp-edge", "true", "margins", "0,1"), a.request().studyKeys());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Study.of(Arguments.parse(new String[] {"--manifest", "m", "--out", "o",
            "--platform", "frame", "--margin", "1"}).request().studyKeys()));
        assertTrue(e.getMessage().contains("unknown study key 'margin'"), e.getMessage());
    }

    static List<String> names(Path folder) throws Exception {
        try (var s = Files.list(folder)) {
            return s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".nii.gz")).sorted().toList();
        }
    }

    static List<String> rows(Statement st, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet r = st.executeQuery(sql)) {
            ResultSetMetaData md = r.getMetaData();
            while (r.next()) {
                StringBuilder sb = new StringBuilder();
                for (int c = 1; c <= md.getColumnCount(); c++) sb.append(md.getColumnName(c)).append('=').append(r.getString(c)).append('|');
                out.add(sb.toString());
            }
        }
        out.sort(null);
        return out;
    }
}
