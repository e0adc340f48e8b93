package org.halo.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The study's keys, its file, its hash; the documentation of every key and column. */
class StudyTest {
    @Test
    void aFileAndFlagsGiveTheSameStudyAsTheSameKeys() {
        Map<String, String> file = StudyFile.parse(List.of("# comment", "platform: frame  # the preset", "margins: [0, 0.5, 1]", "regimens:", "  - srs:1",
                "  - 'hsrt:5'", "scenarios: 500", "targets: \"gtv#1\""));
        assertEquals(Map.of("platform", "frame", "margins", "0,0.5,1", "regimens", "srs:1,hsrt:5", "scenarios", "500", "targets", "gtv#1"), file);
        Study a = Study.of(file);
        Study b = Study.of(Map.of("platform", "frame", "margins", "0,0.5,1", "regimens", "srs:1,hsrt:5", "scenarios", "500", "targets", "gtv#1",
                "seed", "20261126"));
        assertEquals(a.hash(), b.hash(), "a default given explicitly is the same study");
        assertEquals(a.keys(), b.keys());
        assertNotEquals(a.hash(), Study.of(Map.of("platform", "frame", "margins", "0,1")).hash());
        assertTrue(a.isTarget("GTV#1_left") && !a.isTarget("PTV"));
        assertEquals(2, a.regimens().size());
    }

    /** The runs table's JSON gives the study back: same keys, same hash (quotes and backslashes in a value included). */
    @Test
    void theRunsTablesJsonGivesTheStudyBack() {
        Study s = Study.of(Map.of("platform", "frame", "margins", "0,0.5", "targets", "gtv\\d|\"ctv\"", "seed", "7"));
        Study back = Study.fromJson(s.json());
        assertEquals(s.keys(), back.keys());
        assertEquals(s.hash(), back.hash());
        assertThrows(IllegalArgumentException.class, () -> Study.fromJson("{\"platform\": 3}"));
        assertThrows(IllegalArgumentException.class, () -> Study.fromJson("{\"platform\": \"frame"));
    }

    @Test
    void badKeysAndValuesAreRefusedNamingTheKey() {
        String[][] bad = {{"margin", "1"}, {"margins", "1,0.5"}, {"margins", "-1"}, {"scenarios", "10"}, {"target-risk", "1.5"}, {"targets", "gtv("},
            {"platform", "couch"}, {"falloff", "linear"}, {"random-mm", "1,2"}, {"sharp-edge", "maybe"}, {"margin-resolution", "0.001"},
            {"margin-resolution", "2"}, {"margin-resolution", "-0.1"}, {"margin-resolution", "fine"}};
        for (String[] kv : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Study.of(Map.of("platform", "frame", kv[0], kv[1])), kv[0]);
            assertTrue(e.getMessage().contains(kv[0].equals("platform") ? "platform" : "'" + kv[0] + "'"), e.getMessage());
            assertFalse(e.getMessage().contains("--"), "the library names keys, not flags: " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Study.of(Map.of()), "no platform");
        assertThrows(IllegalArgumentException.class, () -> StudyFile.parse(List.of("a:", "  b: 1")));
        assertThrows(IllegalArgumentException.class, () -> StudyFile.parse(List.of("margins: [0, 1")));
    }

    @Test
    void everyKeyAndEveryColumnIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "cohort.md"));
        for (String key : Study.DEFAULTS.keySet()) assertTrue(doc.contains("`" + key + "`"), "study key " + key + " in docs/cohort.md");
        for (List<CohortTables.Column> table : List.of(CohortTables.TARGETS, CohortTables.SCENARIOS, CohortTables.ERRORS)) {
            for (CohortTables.Column c : table) {
                assertTrue(doc.contains("| `" + c.name() + "` | " + c.type() + " | " + c.meaning() + " |"), "column " + c.name() + " in docs/cohort.md");
            }
        }
    }
}
