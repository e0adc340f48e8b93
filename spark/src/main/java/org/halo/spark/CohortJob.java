package org.halo.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.halo.cohort.CohortRow;
import org.halo.cohort.CohortTables;
import org.halo.cohort.Manifest;
import org.halo.cohort.Study;
import org.halo.cohort.TargetAnalysis;
import org.halo.compute.Backend;
import org.halo.compute.Backends;
import org.halo.io.ImageFiles;

/**
 * The cohort margin study as a Spark application: the manifest and study of {@code halo cohort run}, one task per
 * patient (its structure sets, doses and plans read once), each row through the same {@link CohortRow} code,
 * and the targets, scenarios and errors tables written as Parquet with the columns and types of {@code halo cohort
 * export}. A failed target is an errors row, never a failed job; Spark's commit protocol makes each table appear whole.
 */
public final class CohortJob {
    /** What the job was asked: where the manifest and results are (Hadoop URIs), the study's keys, the device. */
    public record Request(String manifest, String out, Map<String, String> studyKeys, String device, Integer threads) implements Serializable {}

    /** What it wrote: rows per table. */
    public record Summary(long targets, long scenarios, long errors, int partitions, String studyHash) {
        /** True when no target completed: the job did not do its job (exit code 1, as {@code halo cohort run}). */
        public boolean nothingCompleted() {
            return targets == 0;
        }
    }

    private CohortJob() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the job from its command line; the exit code: 1 when no target completed, as {@code halo cohort run}. */
    static int execute(String[] args) {
        Arguments a = Arguments.parse(args);
        SparkSession.Builder b = SparkSession.builder().appName("halo-cohort");
        if (a.master() != null) b.master(a.master());
        SparkSession spark = b.getOrCreate();
        spark.sparkContext().setLogLevel(System.getenv().getOrDefault("HALO_SPARK_LOG_LEVEL", "WARN"));
        Summary s;
        try {
            s = run(spark, a.request());
            System.out.printf("halo-spark: %d targets, %d scenario rows, %d errors (see errors) in %d partitions → %s%n", s.targets(), s.scenarios(), s.errors(),
                    s.partitions(), a.request().out());
        } finally {
            spark.stop();
        }
        if (s.nothingCompleted()) {
            System.err.println("halo-spark: no target completed (" + s.errors() + " errors, see " + a.request().out() + "/errors)");
            return 1;
        }
        return 0;
    }

    public static Summary run(SparkSession spark, Request r) {
        Study study = Study.of(r.studyKeys()); // refused here, on the driver, before any task starts
        String text = readText(spark, r.manifest());
        Manifest manifest = manifest(text, r.manifest());
        int rows = manifest.entries().size();
        if (rows == 0) throw new IllegalArgumentException(r.manifest() + ": the manifest has no rows");
        // One task per patient: the rows (structure sets) of a patient go together, each read once.
        Map<String, List<Integer>> byPatient = new LinkedHashMap<>();
        for (int i = 0; i < rows; i++) byPatient.computeIfAbsent(manifest.entries().get(i).patientId(), k -> new ArrayList<>()).add(i);
        List<List<Integer>> patients = new ArrayList<>(byPatient.values());
        int partitions = Math.max(1, Math.min(patients.size(), 4 * spark.sparkContext().defaultParallelism()));
        if (study.coverageMaps()) clearCoverageMaps(spark, r.out()); // replaced whole, as the tables are
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<RowResults> results = sc.parallelize(patients, partitions).mapPartitions(it -> {
            Manifest m = manifest(text, r.manifest());
            Study st = Study.of(r.studyKeys());
            CohortRow processor = new CohortRow(m, st, new TargetAnalysis(st, ExecutorBackend.of(r.device(), r.threads())));
            List<RowResults> out = new ArrayList<>();
            while (it.hasNext()) {
                RowResults res = new RowResults();
                for (int row : it.next()) processor.run(m.entries().get(row), Set.of(), x -> {
                    writeCoverageMaps(x, r.out());
                    res.add(x);
                }, (stage, seconds) -> { });
                out.add(res);
            }
            return out.iterator();
        }).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long t = write(spark, results.flatMap(x -> x.targets.iterator()), schema(targetColumns(manifest)), r.out() + "/targets");
            long s = write(spark, results.flatMap(x -> x.scenarios.iterator()), schema(CohortTables.SCENARIOS), r.out() + "/scenarios");
            long e = write(spark, results.flatMap(x -> x.errors.iterator()), schema(CohortTables.ERRORS), r.out() + "/errors");
            return new Summary(t, s, e, partitions, study.hash());
        } finally {
            results.unpersist();
        }
    }

    /** The rows one manifest row gave, as Spark rows of the three tables. */
    static final class RowResults implements Serializable {
        private static final long serialVersionUID = 1L;
        final List<Row> targets = new ArrayList<>(), scenarios = new ArrayList<>(), errors = new ArrayList<>();

        void add(CohortRow.Result x) {
            if (x.target() != null) targets.add(RowFactory.create(x.target().toArray()));
            for (List<Object> s : x.scenarios()) scenarios.add(RowFactory.create(s.toArray()));
            for (List<Object> e : x.errors()) errors.add(RowFactory.create(e.toArray()));
        }
    }

    /** A target's coverage maps, written by the task that computed them to {@code OUT/maps} (a local file copied over). */
    static void writeCoverageMaps(CohortRow.Result x, String out) {
        for (TargetAnalysis.RegimenMap m : x.coverageMaps()) {
            try {
                java.nio.file.Path local = Files.createTempFile("halo-coverage-map", ".nii.gz");
                ImageFiles.write(m.map(), local);
                org.apache.hadoop.fs.Path dest = new org.apache.hadoop.fs.Path(out + "/" + CohortRow.MAPS + "/"
                        + CohortRow.coverageMapName(x.patientId(), x.targetName(), m.regimen()));
                dest.getFileSystem(new Configuration()).copyFromLocalFile(true, true, new org.apache.hadoop.fs.Path(local.toUri()), dest);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a coverage map to " + out + "/" + CohortRow.MAPS + ": " + e.getMessage(), e);
            }
        }
    }

    private static void clearCoverageMaps(SparkSession spark, String out) {
        try {
            org.apache.hadoop.fs.Path maps = new org.apache.hadoop.fs.Path(out + "/" + CohortRow.MAPS);
            FileSystem fs = maps.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(maps)) fs.delete(maps, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + out + "/" + CohortRow.MAPS + ": " + e.getMessage(), e);
        }
    }

    private static long write(SparkSession spark, JavaRDD<Row> rows, StructType schema, String path) {
        Dataset<Row> df = spark.createDataFrame(rows, schema);
        df.write().mode(SaveMode.Overwrite).parquet(path);
        return df.count();
    }

    private static List<CohortTables.Column> targetColumns(Manifest m) {
        return CohortTables.targets(m.extraColumns());
    }

    static StructType schema(List<CohortTables.Column> columns) {
        List<StructField> f = new ArrayList<>();
        for (CohortTables.Column c : columns) f.add(DataTypes.createStructField(c.name(), sparkType(c.type()), true));
        return DataTypes.createStructType(f);
    }

    private static DataType sparkType(String sql) {
        return switch (sql) {
            case "VARCHAR" -> DataTypes.StringType;
            case "DOUBLE" -> DataTypes.DoubleType;
            case "INTEGER" -> DataTypes.IntegerType;
            case "BIGINT" -> DataTypes.LongType;
            case "BOOLEAN" -> DataTypes.BooleanType;
            default -> throw new IllegalArgumentException("no Spark type for " + sql);
        };
    }

    /** The manifest, its relative paths read from its folder when that folder is a local one. */
    static Manifest manifest(String text, String uri) {
        URI u = URI.create(uri);
        Path local = u.getScheme() == null ? Path.of(uri) : u.getScheme().equals("file") ? Path.of(u) : null;
        Path base = local == null ? null : local.toAbsolutePath().getParent();
        return Manifest.parse(text, local != null ? local : Path.of(u.getPath()), base);
    }

    private static String readText(SparkSession spark, String uri) {
        try {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(uri);
            FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
            try (FSDataInputStream in = fs.open(p)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(uri + ": cannot read the manifest: " + e.getMessage(), e);
        }
    }

    /** One backend per executor JVM (with --device opencl, one OpenCL context), opened on first use. */
    static final class ExecutorBackend {
        private static final Map<String, Backend> OPEN = new LinkedHashMap<>();

        private ExecutorBackend() {}

        static synchronized Backend of(String device, Integer threads) {
            return OPEN.computeIfAbsent(device + "/" + threads, k -> Backends.select(device, threads, note -> { }).backend());
        }
    }
}
