package org.halo.io.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.halo.HaloException;

/**
 * What a DICOM file or folder holds, each file read once and classified: structure sets, doses, plans, image slices,
 * and objects Halo does not use. Non-DICOM files in a folder are skipped.
 */
public final class DicomFolder {
    private DicomFolder() {}

    /** One DICOM file, by what it is. */
    public sealed interface Item {
        /** {@return the file} */
        Path file();

        /** {@return its transfer syntax UID} */
        String transferSyntax();

        /**
         * The object's modality (RTSTRUCT, RTDOSE, RTPLAN, CT, ...; null where the file states none).
         *
         * @return the modality, or null
         */
        String modality();
    }

    /**
     * A structure set.
     *
     * @param file the file
     * @param transferSyntax its transfer syntax UID
     * @param structureSet what it holds
     */
    public record StructureSetItem(Path file, String transferSyntax, RtStructureSet structureSet) implements Item {
        @Override
        public String modality() {
            return "RTSTRUCT";
        }
    }

    /**
     * A dose.
     *
     * @param file the file
     * @param transferSyntax its transfer syntax UID
     * @param dose what it holds
     */
    public record DoseItem(Path file, String transferSyntax, RtDose dose) implements Item {
        @Override
        public String modality() {
            return "RTDOSE";
        }
    }

    /**
     * A plan.
     *
     * @param file the file
     * @param transferSyntax its transfer syntax UID
     * @param plan what it holds
     */
    public record PlanItem(Path file, String transferSyntax, RtPlan plan) implements Item {
        @Override
        public String modality() {
            return "RTPLAN";
        }
    }

    /** A slice of an image series (CT, MR, ...): its modality and series. */
    public record ImageItem(Path file, String transferSyntax, String modality, String seriesUid) implements Item {}

    /** A DICOM object of a kind Halo does not use. */
    public record OtherItem(Path file, String transferSyntax, String modality) implements Item {}

    /**
     * The DICOM files of a folder (its own files, sorted by name), or the one file given.
     *
     * @param fileOrFolder a file, or a folder walked recursively
     * @return the files, sorted
     */
    public static List<Path> files(Path fileOrFolder) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(fileOrFolder)) {
            try (Stream<Path> s = Files.list(fileOrFolder)) {
                s.filter(Files::isRegularFile).filter(DicomReader::looksLikeDicom).sorted().forEach(files::add);
            } catch (IOException e) {
                throw HaloException.inFile(fileOrFolder, "cannot list folder: " + e.getMessage());
            }
            if (files.isEmpty()) throw HaloException.inFile(fileOrFolder, "holds no DICOM files");
        } else if (Files.isRegularFile(fileOrFolder)) {
            files.add(fileOrFolder);
        } else {
            throw HaloException.inFile(fileOrFolder, "no such file or folder");
        }
        return files;
    }

    /**
     * Reads one file and says what it is.
     *
     * @param file the file
     * @return what it is
     */
    public static Item read(Path file) {
        DicomReader.Parsed p = DicomReader.read(file);
        DicomObject d = p.data();
        String modality = d.string(Tag.MODALITY);
        String ts = p.transferSyntax();
        if ("RTSTRUCT".equals(modality) || (modality == null && d.has(Tag.ROI_SEQUENCE))) {
            return new StructureSetItem(file, ts, RtStructureSet.of(file, d));
        }
        if ("RTDOSE".equals(modality)) return new DoseItem(file, ts, RtDose.of(file, p));
        if ("RTPLAN".equals(modality)) return new PlanItem(file, ts, RtPlan.of(file, d));
        if (d.has(Tag.PIXEL_DATA)) return new ImageItem(file, ts, modality, d.string(Tag.SERIES_UID));
        return new OtherItem(file, ts, modality);
    }
}
