package org.halo.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.type.numeric.RealType;
import org.halo.DecimalText;
import org.halo.HaloException;
import org.halo.image.Grid;
import org.halo.image.Matrix3;
import org.halo.image.Volume;
import org.halo.image.VoxelType;

/**
 * NRRD ({@code .nrrd} attached, {@code .nhdr} detached), raw or gzip encoding, 2-D or 3-D with an optional trailing
 * non-spatial axis. Geometry from {@code space directions} and {@code space origin} (converted to LPS) or, without a
 * space, from {@code spacings}. Writes {@code .nrrd} attached with gzip, {@code .nhdr} with a raw {@code .raw} beside it.
 */
public final class NrrdFormat implements ImageFormat {
    /** A reader and writer of this format (stateless; {@link ImageFiles} picks one by file name). */
    public NrrdFormat() {}

    @Override
    public String name() {
        return "NRRD";
    }

    @Override
    public boolean handles(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".nrrd") || n.endsWith(".nhdr");
    }

    @Override
    public Volume read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            String magic = HeaderText.readLine(in, file);
            if (magic == null || !magic.startsWith("NRRD000")) throw HaloException.inFile(file, "not a NRRD file (no NRRD000x magic)");
            Map<String, String> f = new HashMap<>();
            boolean blankSeen = false;
            String line;
            while ((line = HeaderText.readLine(in, file)) != null) {
                if (line.isEmpty()) { blankSeen = true; break; }
                if (line.startsWith("#")) continue;
                int kv = line.indexOf(":=");
                int colon = line.indexOf(": ");
                if (kv >= 0 && (colon < 0 || kv < colon)) continue; // key/value pair: not geometry
                if (colon < 0) throw HaloException.inFile(file, "malformed header line '" + line + "'");
                f.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 2).trim());
            }
            return build(file, f, in, blankSeen);
        }
    }

    private static Volume build(Path file, Map<String, String> f, InputStream attached, boolean blankSeen) throws IOException {
        String typeName = require(f, "type", file);
        VoxelType type = type(typeName, file);
        int dimension = (int) HeaderText.positiveInteger(require(f, "dimension", file), "dimension", file);
        double[] sizesD = HeaderText.numbers(require(f, "sizes", file), dimension, "sizes", file);
        long[] sizes = new long[dimension];
        for (int i = 0; i < dimension; i++) {
            if (sizesD[i] < 1 || sizesD[i] != Math.rint(sizesD[i])) throw HaloException.inFile(file, "sizes must be positive integers");
            sizes[i] = (long) sizesD[i];
        }
        String encoding = f.getOrDefault("encoding", "raw").toLowerCase(Locale.ROOT);
        VoxelData.Compression compression;
        if (encoding.equals("raw")) compression = VoxelData.Compression.NONE;
        else if (encoding.equals("gzip") || encoding.equals("gz")) compression = VoxelData.Compression.GZIP;
        else throw HaloException.inFile(file, "unsupported NRRD encoding '" + encoding + "' (Halo reads raw and gzip)");
        ByteOrder order = "big".equalsIgnoreCase(f.get("endian")) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (type.bytes() > 1 && !f.containsKey("endian")) throw HaloException.inFile(file, "multi-byte type without an endian field");

        // Geometry.
        String space = f.get("space");
        int spaceDim = space != null ? spaceDimensionOf(space, file)
                : f.containsKey("space dimension") ? (int) HeaderText.positiveInteger(f.get("space dimension"), "space dimension", file) : 0;
        if (spaceDim > 3) throw HaloException.inFile(file, "space dimension " + spaceDim + " is more than 3");
        double[][] axisDirs = new double[dimension][];
        if (spaceDim > 0 && f.containsKey("space directions")) {
            List<String> entries = directionEntries(f.get("space directions"), file);
            if (entries.size() != dimension) throw HaloException.inFile(file, "space directions has " + entries.size() + " entries for " + dimension + " axes");
            for (int i = 0; i < dimension; i++) {
                String e = entries.get(i);
                axisDirs[i] = e.equalsIgnoreCase("none") ? null : HeaderText.numbers(e, spaceDim, "space directions", file);
            }
        } else {
            double[] spacings = f.containsKey("spacings") ? parseSpacings(f.get("spacings"), dimension, file) : null;
            for (int i = 0; i < dimension; i++) {
                if (spacings != null && Double.isNaN(spacings[i])) continue;
                if (i >= 3) continue;
                double s = spacings == null ? 1.0 : spacings[i];
                axisDirs[i] = new double[3];
                axisDirs[i][i] = s;
            }
            spaceDim = 3;
        }
        List<Integer> spatial = new ArrayList<>();
        for (int i = 0; i < dimension; i++) if (axisDirs[i] != null) spatial.add(i);
        if (spatial.isEmpty() || spatial.size() > 3) throw HaloException.inFile(file, spatial.size() + " spatial axes; Halo reads 2-D and 3-D images");
        for (int i = 0; i < spatial.size(); i++) {
            if (spatial.get(i) != i) throw HaloException.inFile(file, "a non-spatial axis before the spatial ones (vector or multi-component image) is not supported");
        }
        int frames = 1;
        for (int i = spatial.size(); i < dimension; i++) {
            if (i > spatial.size()) throw HaloException.inFile(file, "more than one non-spatial axis is not supported");
            if (sizes[i] > Integer.MAX_VALUE) throw HaloException.inFile(file, "sizes gives " + sizes[i] + " frames, more than Halo reads");
            frames = (int) sizes[i];
        }
        double[] scaled = new double[9];
        int ns = spatial.size();
        for (int c = 0; c < 3; c++) {
            double[] v = c < ns ? axisDirs[c] : null;
            for (int r = 0; r < 3; r++) {
                double value = v == null ? (r == c ? 1.0 : 0.0) : (r < v.length ? v[r] : 0.0);
                if (v != null && ns < 3 && spaceDim < 3 && r == 2) value = 0.0;
                scaled[3 * r + c] = value;
            }
        }
        if (ns == 2) completeThirdAxis(scaled);
        double[] origin = new double[3];
        if (f.containsKey("space origin")) {
            double[] o = HeaderText.numbers(f.get("space origin"), spaceDim, "space origin", file);
            System.arraycopy(o, 0, origin, 0, Math.min(3, o.length));
        }
        int[] sign = spaceSigns(space);
        for (int c = 0; c < 3; c++) for (int r = 0; r < 3; r++) scaled[3 * r + c] *= sign[r];
        for (int r = 0; r < 3; r++) origin[r] *= sign[r];
        double[] split = Matrix3.splitColumns(scaled);
        double[] spacing = {split[9], split[10], split[11]};
        for (double s : spacing) if (!(s > 0)) throw HaloException.inFile(file, "voxel spacing must be positive, header gives " + s + " mm");
        double[] dir = java.util.Arrays.copyOf(split, 9);
        if (Math.abs(Matrix3.determinant(dir)) < 1e-6) throw HaloException.inFile(file, "space directions are degenerate");
        String shear = Matrix3.orthogonalityProblem(dir);
        if (shear != null) {
            throw HaloException.inFile(file, "space directions " + f.get("space directions").trim() + " are sheared, Halo needs perpendicular axes: " + shear);
        }
        int[] size = {1, 1, 1};
        for (int i = 0; i < ns; i++) {
            if (sizes[i] > Integer.MAX_VALUE) throw HaloException.inFile(file, "size too large");
            size[i] = (int) sizes[i];
        }
        Grid grid = new Grid(size, spacing, origin, dir);

        // Data.
        long voxels = (long) size[0] * size[1] * size[2] * frames;
        long bytes = VoxelData.payloadBytes(file, voxels, type);
        String dataFile = f.containsKey("data file") ? f.get("data file") : f.get("datafile");
        long lineSkip = f.containsKey("line skip") ? HeaderText.integer(f.get("line skip"), "line skip", file, false) : 0;
        long byteSkip = f.containsKey("byte skip") ? HeaderText.integer(f.get("byte skip"), "byte skip", file, true) : 0;
        ByteBuffer data;
        if (dataFile == null) {
            if (!blankSeen) throw HaloException.inFile(file, "no data: neither attached data after a blank line nor a 'data file' field");
            data = readPayload(attached, file, bytes, order, compression, lineSkip, byteSkip, Files.size(file));
        } else {
            if (dataFile.startsWith("LIST") || dataFile.contains("%")) {
                throw HaloException.inFile(file, "multi-file NRRD data ('" + dataFile + "') is not supported");
            }
            Path parent = file.toAbsolutePath().getParent();
            Path df = parent.resolve(dataFile);
            if (!Files.isRegularFile(df)) throw HaloException.inFile(file, "data file " + df + " does not exist");
            try (InputStream din = new BufferedInputStream(Files.newInputStream(df), 1 << 16)) {
                data = readPayload(din, df, bytes, order, compression, lineSkip, byteSkip, Files.size(df));
            }
        }
        long[] dims = frames > 1 ? new long[] {size[0], size[1], size[2], frames} : new long[] {size[0], size[1], size[2]};
        ArrayImg<? extends RealType<?>, ?> img = type.read(data, dims);
        return new Volume(grid, img, f.get("content"), FractionMarker.marks(f.get("content")));
    }

    /** A 2-D image's missing third axis: the unit normal of the first two, so the grid stays right-handed. */
    static void completeThirdAxis(double[] m) {
        double x = m[3] * m[7] - m[6] * m[4], y = m[6] * m[1] - m[0] * m[7], z = m[0] * m[4] - m[3] * m[1];
        double len = Math.sqrt(x * x + y * y + z * z);
        if (len == 0) return;
        m[2] = x / len;
        m[5] = y / len;
        m[8] = z / len;
    }

    private static ByteBuffer readPayload(InputStream in, Path file, long bytes, ByteOrder order, VoxelData.Compression compression,
            long lineSkip, long byteSkip, long fileSize) throws IOException {
        for (long i = 0; i < lineSkip; i++) {
            if (HeaderText.readLine(in, file) == null) throw HaloException.inFile(file, "fewer lines than 'line skip' asks");
        }
        if (byteSkip == -1) {
            if (compression != VoxelData.Compression.NONE) throw HaloException.inFile(file, "byte skip -1 needs raw detached data");
            if (fileSize < bytes) throw HaloException.inFile(file, "truncated voxel data: header promises " + bytes + " bytes, file holds " + fileSize);
            VoxelData.skipFully(in, fileSize - bytes);
        } else if (byteSkip > 0 && VoxelData.skipFully(in, byteSkip) < byteSkip) {
            throw HaloException.inFile(file, "fewer bytes than 'byte skip' asks");
        }
        InputStream src = VoxelData.decompress(in, compression);
        return VoxelData.readExactly(src, bytes, file, order, "voxel data", fileSize, compression != VoxelData.Compression.NONE);
    }

    private static List<String> directionEntries(String value, Path file) {
        List<String> out = new ArrayList<>();
        String s = value.trim();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) { i++; continue; }
            if (c == '(') {
                int close = s.indexOf(')', i);
                if (close < 0) throw HaloException.inFile(file, "unclosed vector in space directions");
                out.add(s.substring(i + 1, close));
                i = close + 1;
            } else {
                int end = i;
                while (end < s.length() && !Character.isWhitespace(s.charAt(end))) end++;
                String word = s.substring(i, end);
                if (!word.equalsIgnoreCase("none")) throw HaloException.inFile(file, "bad space directions entry '" + word + "'");
                out.add(word);
                i = end;
            }
        }
        return out;
    }

    private static double[] parseSpacings(String value, int dimension, Path file) {
        String[] parts = value.trim().split("\\s+");
        if (parts.length != dimension) throw HaloException.inFile(file, "spacings needs " + dimension + " values");
        double[] out = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            try {
                out[i] = parts[i].equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw HaloException.inFile(file, "spacings is not a list of numbers: '" + value.trim() + "'");
            }
            if (!Double.isNaN(out[i]) && !(out[i] > 0)) throw HaloException.inFile(file, "voxel spacing must be positive, spacings gives " + parts[i]);
        }
        return out;
    }

    private static int spaceDimensionOf(String space, Path file) {
        switch (space.toLowerCase(Locale.ROOT)) {
            case "right-anterior-superior": case "ras": case "left-anterior-superior": case "las":
            case "left-posterior-superior": case "lps": case "scanner-xyz": case "3d-right-handed": case "3d-left-handed":
                return 3;
            default:
                throw HaloException.inFile(file, "unsupported NRRD space '" + space + "'");
        }
    }

    /** Per-row factors that take the file's space to LPS. */
    private static int[] spaceSigns(String space) {
        if (space == null) return new int[] {1, 1, 1};
        switch (space.toLowerCase(Locale.ROOT)) {
            case "right-anterior-superior": case "ras": return new int[] {-1, -1, 1};
            case "left-anterior-superior": case "las": return new int[] {1, -1, 1};
            default: return new int[] {1, 1, 1};
        }
    }

    private static String require(Map<String, String> f, String key, Path file) {
        String v = f.get(key);
        if (v == null) throw HaloException.inFile(file, "NRRD header lacks the required field '" + key + "'");
        return v;
    }

    static VoxelType type(String name, Path file) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "uchar": case "unsigned char": case "uint8": case "uint8_t": return VoxelType.UINT8;
            case "signed char": case "int8": case "int8_t": return VoxelType.INT8;
            case "short": case "short int": case "signed short": case "signed short int": case "int16": case "int16_t": return VoxelType.INT16;
            case "ushort": case "unsigned short": case "unsigned short int": case "uint16": case "uint16_t": return VoxelType.UINT16;
            case "int": case "signed int": case "int32": case "int32_t": return VoxelType.INT32;
            case "uint": case "unsigned int": case "uint32": case "uint32_t": return VoxelType.UINT32;
            case "longlong": case "long long": case "long long int": case "signed long long": case "signed long long int":
            case "int64": case "int64_t": return VoxelType.INT64;
            case "ulonglong": case "unsigned long long": case "unsigned long long int": case "uint64": case "uint64_t": return VoxelType.UINT64;
            case "float": return VoxelType.FLOAT32;
            case "double": return VoxelType.FLOAT64;
            default: throw HaloException.inFile(file, "unsupported NRRD type '" + name + "'");
        }
    }

    static String typeName(VoxelType t) {
        switch (t) {
            case UINT8: return "uint8";
            case INT8: return "int8";
            case UINT16: return "uint16";
            case INT16: return "int16";
            case UINT32: return "uint32";
            case INT32: return "int32";
            case UINT64: return "uint64";
            case INT64: return "int64";
            case FLOAT32: return "float";
            case FLOAT64: return "double";
            default: throw new AssertionError(t);
        }
    }

    @Override
    public void write(Volume volume, Path file) throws IOException {
        Grid g = volume.grid();
        VoxelType type = volume.voxelType();
        boolean detached = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".nhdr");
        int frames = volume.frames();
        StringBuilder h = new StringBuilder("NRRD0004\n# written by Halo\n");
        String content = FractionMarker.description(volume);
        if (content != null) h.append("content: ").append(content.replace('\n', ' ')).append('\n');
        h.append("type: ").append(typeName(type)).append('\n');
        h.append("dimension: ").append(frames > 1 ? 4 : 3).append('\n');
        h.append("space: left-posterior-superior\n");
        h.append("sizes: ").append(g.size(0)).append(' ').append(g.size(1)).append(' ').append(g.size(2));
        if (frames > 1) h.append(' ').append(frames);
        h.append('\n');
        double[] d = g.direction();
        h.append("space directions:");
        for (int c = 0; c < 3; c++) {
            double s = g.spacingMm(c);
            h.append(" (").append(DecimalText.exact(d[c] * s)).append(',').append(DecimalText.exact(d[3 + c] * s)).append(',')
                    .append(DecimalText.exact(d[6 + c] * s)).append(')');
        }
        if (frames > 1) h.append(" none");
        h.append('\n');
        h.append("kinds: domain domain domain").append(frames > 1 ? " list" : "").append('\n');
        h.append("endian: little\n");
        h.append("encoding: ").append(detached ? "raw" : "gzip").append('\n');
        double[] o = g.originMm();
        h.append("space origin: (").append(DecimalText.exact(o[0])).append(',').append(DecimalText.exact(o[1])).append(',')
                .append(DecimalText.exact(o[2])).append(")\n");
        Path rawFile = null;
        if (detached) {
            String base = file.getFileName().toString();
            rawFile = file.resolveSibling(base.substring(0, base.length() - ".nhdr".length()) + ".raw");
            h.append("data file: ").append(rawFile.getFileName()).append('\n');
        } else {
            h.append('\n');
        }
        AtomicOutput.Payload data = os -> type.writeLittleEndian(volume.image(), os);
        AtomicOutput.writeImage(file, h.toString().getBytes(StandardCharsets.ISO_8859_1), data, rawFile, !detached, false);
    }
}
