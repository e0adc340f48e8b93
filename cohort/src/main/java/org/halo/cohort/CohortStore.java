package org.halo.cohort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.halo.HaloException;

/**
 * A cohort's results in an embedded DuckDB database ({@code DIR/cohort.duckdb}): the tables of {@link CohortTables}
 * and {@code runs}. Each target is written in one transaction (its targets row, its scenarios rows, its errors), so a
 * run killed at any moment leaves whole targets or none; a rerun of the same study skips the targets already there.
 */
public final class CohortStore implements AutoCloseable {
    public static final String FILE = "cohort.duckdb";
    /** The tables a run exports, in order. */
    public static final List<String> EXPORTED = List.of("targets", "scenarios", "errors");

    /** What a run started with: its id, and the targets (and rows) already finished for this study. */
    public record Resume(int runId, Set<String> finished) {}

    private final Path dir;
    private final Connection db;
    private final List<CohortTables.Column> extra = new ArrayList<>();

    private CohortStore(Path dir, Connection db) {
        this.dir = dir;
        this.db = db;
    }

    /** Opens the database of an existing results folder (for export and reports); refused when the folder holds none. */
    public static CohortStore openExisting(Path dir) {
        if (!Files.isRegularFile(dir.resolve(FILE))) throw HaloException.inFile(dir, "holds no " + FILE + " (not a results folder of a cohort run)");
        return open(dir, List.of());
    }

    /** Opens (creating where needed) the database in {@code dir}, with the manifest's extra columns in targets. */
    public static CohortStore open(Path dir, List<String> extraColumns) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw HaloException.inFile(dir, "cannot create the results folder: " + e.getMessage(), e);
        }
        Path file = dir.resolve(FILE);
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
            CohortStore s = new CohortStore(dir, c);
            s.createTables(extraColumns);
            return s;
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the DuckDB JDBC driver is not on the class path", e);
        } catch (SQLException e) {
            throw HaloException.inFile(file, "cannot open the results database: " + e.getMessage(), e);
        }
    }

    private void createTables(List<String> extraColumns) throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS runs (run_id INTEGER, study_hash VARCHAR, study_json VARCHAR, halo_version VARCHAR, "
                    + "started TIMESTAMP, ended TIMESTAMP, jobs INTEGER, device VARCHAR, targets_done INTEGER, targets_failed INTEGER, "
                    + "read_s DOUBLE, rasterise_s DOUBLE, monte_carlo_s DOUBLE, dose_s DOUBLE, write_s DOUBLE, manifest VARCHAR)");
            st.execute("ALTER TABLE runs ADD COLUMN IF NOT EXISTS manifest VARCHAR"); // folders of releases that did not record it
            st.execute(create("targets", CohortTables.TARGETS));
            st.execute(create("scenarios", CohortTables.SCENARIOS));
            st.execute(create("errors", CohortTables.ERRORS));
            for (CohortTables.Column c : CohortTables.SCENARIOS) { // folders of releases without a column
                st.execute("ALTER TABLE scenarios ADD COLUMN IF NOT EXISTS \"" + c.name() + "\" " + c.type());
            }
            Set<String> have = new HashSet<>();
            try (ResultSet r = st.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_name = 'targets'")) {
                while (r.next()) have.add(r.getString(1));
            }
            List<CohortTables.Column> all = CohortTables.targets(extraColumns);
            for (CohortTables.Column c : all.subList(CohortTables.TARGETS.size(), all.size())) {
                extra.add(c);
                if (!have.contains(c.name())) st.execute("ALTER TABLE targets ADD COLUMN \"" + c.name() + "\" VARCHAR");
            }
        }
    }

    private static String create(String table, List<CohortTables.Column> columns) {
        StringBuilder sb = new StringBuilder("CREATE TABLE IF NOT EXISTS " + table + " (");
        for (int i = 0; i < columns.size(); i++) sb.append(i == 0 ? "" : ", ").append('"').append(columns.get(i).name()).append("\" ").append(columns.get(i).type());
        return sb.append(')').toString();
    }

    /** The other study's coverage maps go with its tables. */
    private void deleteCoverageMaps() {
        Path maps = dir.resolve(CohortRow.MAPS);
        if (!Files.isDirectory(maps)) return;
        try (Stream<Path> files = Files.list(maps)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".nii.gz")).toList()) Files.delete(f);
        } catch (IOException e) {
            throw HaloException.inFile(maps, "cannot delete the earlier study's coverage maps: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a run of this study over a manifest (recorded so that a target can be opened again, as
     * {@code halo explore --cohort} does; null when the manifest is no file). A folder holding another study's results
     * is refused unless {@code newRun}, which deletes them; the targets finished under the same study are returned to
     * be skipped.
     */
    public synchronized Resume begin(Study study, boolean newRun, String haloVersion, int jobs, String device, Path manifest) {
        try (Statement st = db.createStatement()) {
            Set<String> hashes = new HashSet<>();
            for (String table : EXPORTED) {
                try (ResultSet r = st.executeQuery("SELECT DISTINCT study_hash FROM " + table)) {
                    while (r.next()) hashes.add(r.getString(1));
                }
            }
            hashes.remove(study.hash());
            if (!hashes.isEmpty()) {
                if (!newRun) {
                    throw HaloException.inFile(dir, "holds the results of a different study (hash " + hashes.iterator().next().substring(0, 12)
                            + "…, this study " + study.hash().substring(0, 12) + "…); start a new run to replace them, or use another folder");
                }
                db.setAutoCommit(false);
                for (String table : List.of("targets", "scenarios", "errors", "runs")) st.execute("DELETE FROM " + table);
                db.commit();
                db.setAutoCommit(true);
                deleteCoverageMaps();
            }
            int id;
            try (ResultSet r = st.executeQuery("SELECT coalesce(max(run_id), 0) + 1 FROM runs")) {
                r.next();
                id = r.getInt(1);
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO runs (run_id, study_hash, study_json, halo_version, started, jobs, device, manifest) "
                    + "VALUES (?, ?, ?, ?, current_timestamp, ?, ?, ?)")) {
                p.setInt(1, id);
                p.setString(2, study.hash());
                p.setString(3, study.json());
                p.setString(4, haloVersion);
                p.setInt(5, jobs);
                p.setString(6, device);
                p.setString(7, manifest == null ? null : manifest.toAbsolutePath().normalize().toString());
                p.executeUpdate();
            }
            Set<String> done = new HashSet<>();
            for (String table : List.of("targets", "errors")) {
                try (ResultSet r = st.executeQuery("SELECT patient_id, source, coalesce(target_name, '') FROM " + table + " WHERE study_hash = '" + study.hash() + "'")) {
                    while (r.next()) done.add(key(r.getString(1), r.getString(2), r.getString(3)));
                }
            }
            return new Resume(id, done);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The key of a target (or, with an empty name, of a whole manifest row) in {@link Resume#finished()}. */
    public static String key(String patientId, String source, String targetName) {
        return patientId + '\u0000' + source + '\u0000' + (targetName == null ? "" : targetName);
    }

    /** Writes one target's rows and errors (either may be empty) in one transaction. */
    public synchronized void write(List<Object> target, List<List<Object>> scenarios, List<List<Object>> errors) {
        try {
            db.setAutoCommit(false);
            if (target != null) insert("targets", columns(), List.of(target));
            insert("scenarios", CohortTables.SCENARIOS, scenarios);
            insert("errors", CohortTables.ERRORS, errors);
            db.commit();
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the original failure is the one to report
            }
            throw failure(e);
        } finally {
            try {
                db.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the connection is closing or broken; the next call reports it
            }
        }
    }

    /** Closes a run's row: when it ended, its counts and the time spent per stage (s, summed over targets). */
    public synchronized void end(int runId, int done, int failed, Map<String, Double> stageSeconds) {
        try (PreparedStatement p = db.prepareStatement("UPDATE runs SET ended = current_timestamp, targets_done = ?, targets_failed = ?, read_s = ?, "
                + "rasterise_s = ?, monte_carlo_s = ?, dose_s = ?, write_s = ? WHERE run_id = ?")) {
            p.setInt(1, done);
            p.setInt(2, failed);
            int i = 3;
            for (String s : List.of("read_s", "rasterise_s", "monte_carlo_s", "dose_s", "write_s")) p.setDouble(i++, stageSeconds.getOrDefault(s, 0.0));
            p.setInt(i, runId);
            p.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Counts of the rows in each exported table. */
    public synchronized Map<String, Long> counts() {
        Map<String, Long> m = new LinkedHashMap<>();
        try (Statement st = db.createStatement()) {
            for (String t : EXPORTED) {
                try (ResultSet r = st.executeQuery("SELECT count(*) FROM " + t)) {
                    r.next();
                    m.put(t, r.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return m;
    }

    /**
     * Writes {@code TABLE.parquet} and {@code TABLE.csv} for targets, scenarios and errors into the results folder,
     * sorted by their key so that equal tables give equal files; each file appears whole or not at all.
     */
    public synchronized List<Path> export() {
        List<Path> written = new ArrayList<>();
        try (Statement st = db.createStatement()) {
            for (String t : EXPORTED) {
                for (String format : List.of("parquet", "csv")) {
                    Path out = dir.resolve(t + "." + format), tmp = dir.resolve("." + t + "." + format + ".part");
                    String options = format.equals("parquet") ? "FORMAT PARQUET" : "FORMAT CSV, HEADER";
                    st.execute("COPY (SELECT * FROM " + t + " ORDER BY patient_id, source, target_name" + (t.equals("scenarios") ? ", regimen, margin_mm" : "")
                            + (t.equals("errors") ? ", stage, message" : "") + ") TO '" + tmp.toAbsolutePath().toString().replace("'", "''") + "' (" + options + ")");
                    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    written.add(out);
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        } catch (IOException e) {
            throw HaloException.inFile(dir, "cannot write the exported tables: " + e.getMessage(), e);
        }
        return written;
    }

    /** The connection, for reading the tables (reports, tests); writes go through this class. */
    public Connection connection() {
        return db;
    }

    private List<CohortTables.Column> columns() {
        List<CohortTables.Column> c = new ArrayList<>(CohortTables.TARGETS);
        c.addAll(extra);
        return c;
    }

    private void insert(String table, List<CohortTables.Column> columns, List<List<Object>> rows) throws SQLException {
        if (rows.isEmpty()) return;
        StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (");
        for (int i = 0; i < columns.size(); i++) sql.append(i == 0 ? "" : ", ").append('"').append(columns.get(i).name()).append('"');
        sql.append(") VALUES (").append("?, ".repeat(columns.size() - 1)).append("?)");
        try (PreparedStatement p = db.prepareStatement(sql.toString())) {
            for (List<Object> row : rows) {
                if (row.size() != columns.size()) throw new IllegalStateException(table + ": " + row.size() + " values for " + columns.size() + " columns");
                for (int i = 0; i < columns.size(); i++) set(p, i + 1, columns.get(i).type(), row.get(i));
                p.executeUpdate();
            }
        }
    }

    private static void set(PreparedStatement p, int i, String type, Object v) throws SQLException {
        if (v == null || v instanceof Double d && Double.isNaN(d)) {
            p.setNull(i, switch (type) {
                case "DOUBLE" -> Types.DOUBLE;
                case "INTEGER" -> Types.INTEGER;
                case "BIGINT" -> Types.BIGINT;
                case "BOOLEAN" -> Types.BOOLEAN;
                default -> Types.VARCHAR;
            });
            return;
        }
        switch (type) {
            case "DOUBLE" -> p.setDouble(i, ((Number) v).doubleValue());
            case "INTEGER" -> p.setInt(i, ((Number) v).intValue());
            case "BIGINT" -> p.setLong(i, ((Number) v).longValue());
            case "BOOLEAN" -> p.setBoolean(i, (Boolean) v);
            default -> p.setString(i, v.toString());
        }
    }

    private HaloException failure(SQLException e) {
        return HaloException.inFile(dir.resolve(FILE), "database error: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failure(e);
        }
    }
}
