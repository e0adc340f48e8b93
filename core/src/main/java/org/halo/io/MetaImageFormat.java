package org.halo.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.halo.DecimalText;
import org.halo.HaloException;
import org.halo.image.Grid;
import org.halo.image.Volume;
import org.halo.image.VoxelType;

/**
 * MetaImage ({@code .mha} with local or detached data, {@code .mhd} with {@code .raw} or zlib {@code .zraw}), 2-D or
 * 3-D, already in LPS. {@code TransformMatrix} lists each axis's direction in turn (as ITK writes it).
 * Writes {@code .mha} with local data, {@code .mhd} with a {@code .raw} beside it.
 */
public final class MetaImageFormat implements ImageFormat {
    /** A reader and writer of this format (stateless; {@link ImageFiles} picks one by file name). */
    public MetaImageFormat() {}

    @Override
    public String name() {
        return "MetaImage";
    }

    @Override
    public boolean handles(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".mha") || n.endsWith(".mhd");
    }

    @Override
    public Volume read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Map<String, String> f = new HashMap<>();
            String line;
            int lines = 0;
            while ((line = HeaderText.readLine(in, file)) != null) {
                if (++lines > 1000) throw HaloException.inFile(file, "no ElementDataFile within 1000 header lines");
                if (line.isBlank()) continue;
                int eq = line.indexOf('=');
                if (eq < 0) throw HaloException.inFile(file, "malformed MetaImage header line '" + line + "'");
                String key = line.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                f.put(key, line.substring(eq + 1).trim());
                if (key.equals("elementdatafile")) break; // data (or nothing) follows
            }
            if (!f.containsKey("elementdatafile")) throw HaloException.inFile(file, "MetaImage header lacks ElementDataFile");
            return build(file, f, in);
        }
    }

    private static Volume build(Path file, Map<String, String> f, InputStream local) throws IOException {
        int nd = (int) HeaderText.positiveInteger(require(f, "ndims", file), "NDims", file);
        if (nd < 2 || nd > 4) throw HaloException.inFile(file, "NDims " + nd + ": Halo reads 2-D, 3-D and 3-D+frames images");
        double[] dimD = HeaderText.numbers(require(f, "dimsize", file), nd, "DimSize", file);
        long[] dims = new long[nd];
        for (int i = 0; i < nd; i++) {
            if (dimD[i] < 1 || dimD[i] != Math.rint(dimD[i]) || dimD[i] > Integer.MAX_VALUE) throw HaloException.inFile(file, "DimSize must be positive integers");
            dims[i] = (long) dimD[i];
        }
        int channels = f.containsKey("elementnumberofchannels") ? (int) HeaderText.positiveInteger(f.get("elementnumberofchannels"), "ElementNumberOfChannels", file) : 1;
        if (channels != 1) throw HaloException.inFile(file, "multi-channel MetaImage (" + channels + " channels) is not supported");
        VoxelType type = type(require(f, "elementtype", file), file);
        int ns = Math.min(nd, 3);
        double[] spacing = {1, 1, 1};
        String sp = f.containsKey("elementspacing") ? f.get("elementspacing") : f.get("elementsize");
        if (sp != null) {
            double[] s = HeaderText.numbers(sp, nd, "ElementSpacing", file);
            for (int i = 0; i < ns; i++) {
                if (!(s[i] > 0)) throw HaloException.inFile(file, "voxel spacing must be positive, ElementSpacing gives " + s[i]);
                spacing[i] = s[i];
            }
        }
        double[] origin = new double[3];
        String off = f.containsKey("offset") ? f.get("offset") : f.containsKey("position") ? f.get("position") : f.get("origin");
        if (off != null) System.arraycopy(HeaderText.numbers(off, nd, "Offset", file), 0, origin, 0, ns);
        double[] dir = Grid.identity();
        String tm = f.containsKey("transformmatrix") ? f.get("transformmatrix") : f.containsKey("rotation") ? f.get("rotation") : f.get("orientation");
        if (tm != null) {
            double[] m = HeaderText.numbers(tm, nd * nd, "TransformMatrix", file);
            for (int axis = 0; axis < ns; axis++) {
                for (int r = 0; r < ns; r++) dir[3 * r + axis] = m[axis * nd + r];
            }
            if (ns == 2) NrrdFormat.completeThirdAxis(dir);
        }
        if (Math.abs(org.halo.image.Matrix3.determinant(dir)) < 1e-6) throw HaloException.inFile(file, "TransformMatrix is degenerate");
        String shear = org.halo.image.Matrix3.orthogonalityProblem(dir);
        if (shear != null) throw HaloException.inFile(file, "TransformMatrix " + tm.trim() + " is sheared, Halo needs perpendicular axes: " + shear);
        int[] size = {(int) dims[0], (int) dims[1], nd >= 3 ? (int) dims[2] : 1};
        int frames = nd == 4 ? (int) dims[3] : 1;
        Grid grid = new Grid(size, spacing, origin, dir);

        String msb = f.containsKey("binarydatabyteordermsb") ? f.get("binarydatabyteordermsb") : f.get("elementbyteordermsb");
        ByteOrder order = "true".equalsIgnoreCase(msb) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (f.containsKey("binarydata") && !"true".equalsIgnoreCase(f.get("binarydata"))) {
            throw HaloException.inFile(file, "ASCII MetaImage data (BinaryData = False) is not supported");
        }
        boolean compressed = "true".equalsIgnoreCase(f.get("compresseddata"));
        long voxels = (long) size[0] * size[1] * size[2] * frames;
        long bytes = VoxelData.payloadBytes(file, voxels, type);
        long headerSize = f.containsKey("headersize") ? HeaderText.integer(f.get("headersize"), "HeaderSize", file, true) : 0;
        String dataFile = f.get("elementdatafile");
        VoxelData.Compression compression = compressed ? VoxelData.Compression.ZLIB : VoxelData.Compression.NONE;
        ByteBuffer data;
        if (dataFile.equalsIgnoreCase("LOCAL")) {
            data = VoxelData.readExactly(VoxelData.decompress(local, compression), bytes, file, order, "voxel data", Files.size(file), compressed);
        } else {
            if (dataFile.toUpperCase(Locale.ROOT).startsWith("LIST") || dataFile.contains("%") || dataFile.contains(" ")) {
                throw HaloException.inFile(file, "multi-file MetaImage data ('" + dataFile + "') is not supported");
            }
            Path df = file.toAbsolutePath().getParent().resolve(dataFile);
            if (!Files.isRegularFile(df)) throw HaloException.inFile(file, "data file " + df + " does not exist");
            try (InputStream din = new BufferedInputStream(Files.newInputStream(df), 1 << 16)) {
                long fileSize = Files.size(df);
                if (headerSize == -1) {
                    if (compressed) throw HaloException.inFile(df, "HeaderSize -1 needs uncompressed data");
                    if (fileSize < bytes) throw HaloException.inFile(df, "truncated voxel data: header promises " + bytes + " bytes, file holds " + fileSize);
                    headerSize = fileSize - bytes;
                }
                if (headerSize > 0 && VoxelData.skipFully(din, headerSize) < headerSize) throw HaloException.inFile(df, "shorter than HeaderSize");
                data = VoxelData.readExactly(VoxelData.decompress(din, compression), bytes, df, order, "voxel data", fileSize, compressed);
            }
        }
        long[] imgDims = frames > 1 ? new long[] {size[0], size[1], size[2], frames} : new long[] {size[0], size[1], size[2]};
        return new Volume(grid, type.read(data, imgDims));
    }

    private static String require(Map<String, String> f, String key, Path file) {
        String v = f.get(key);
        if (v == null) throw HaloException.inFile(file, "MetaImage header lacks " + key);
        return v;
    }

    static VoxelType type(String name, Path file) {
        switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "MET_UCHAR": return VoxelType.UINT8;
            case "MET_CHAR": return VoxelType.INT8;
            case "MET_USHORT": return VoxelType.UINT16;
            case "MET_SHORT": return VoxelType.INT16;
            case "MET_UINT": return VoxelType.UINT32;
            case "MET_INT": return VoxelType.INT32;
            case "MET_ULONG_LONG": return VoxelType.UINT64;
            case "MET_LONG_LONG": return VoxelType.INT64;
            case "MET_FLOAT": return VoxelType.FLOAT32;
            case "MET_DOUBLE": return VoxelType.FLOAT64;
            default: throw HaloException.inFile(file, "unsupported MetaImage ElementType '" + name + "'");
        }
    }

    static String typeName(VoxelType t) {
        switch (t) {
            case UINT8: return "MET_UCHAR";
            case INT8: return "MET_CHAR";
            case UINT16: return "MET_USHORT";
            case INT16: return "MET_SHORT";
            case UINT32: return "MET_UINT";
            case INT32: return "MET_INT";
            case UINT64: return "MET_ULONG_LONG";
            case INT64: return "MET_LONG_LONG";
            case FLOAT32: return "MET_FLOAT";
            case FLOAT64: return "MET_DOUBLE";
            default: throw new AssertionError(t);
        }
    }

    @Override
    public void write(Volume volume, Path file) throws IOException {
        Grid g = volume.grid();
        VoxelType type = volume.voxelType();
        int frames = volume.frames();
        int nd = frames > 1 ? 4 : 3;
        boolean detached = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mhd");
        StringBuilder h = new StringBuilder();
        h.append("ObjectType = Image\nNDims = ").append(nd).append('\n');
        h.append("BinaryData = True\nBinaryDataByteOrderMSB = False\nCompressedData = False\n");
        double[] d = g.direction();
        h.append("TransformMatrix =");
        for (int axis = 0; axis < nd; axis++) {
            for (int r = 0; r < nd; r++) {
                double v = axis < 3 && r < 3 ? d[3 * r + axis] : (axis == r ? 1 : 0);
                h.append(' ').append(DecimalText.exact(v));
            }
        }
        double[] o = g.originMm();
        h.append("\nOffset = ").append(DecimalText.exact(o[0])).append(' ').append(DecimalText.exact(o[1])).append(' ').append(DecimalText.exact(o[2]));
        if (nd == 4) h.append(" 0");
        h.append("\nElementSpacing = ").append(DecimalText.exact(g.spacingMm(0))).append(' ').append(DecimalText.exact(g.spacingMm(1)))
                .append(' ').append(DecimalText.exact(g.spacingMm(2)));
        if (nd == 4) h.append(" 1");
        h.append("\nDimSize = ").append(g.size(0)).append(' ').append(g.size(1)).append(' ').append(g.size(2));
        if (nd == 4) h.append(' ').append(frames);
        h.append("\nAnatomicalOrientation = ??\nElementType = ").append(typeName(type)).append('\n');
        Path rawFile = null;
        if (detached) {
            String base = file.getFileName().toString();
            rawFile = file.resolveSibling(base.substring(0, base.length() - 4) + ".raw");
            h.append("ElementDataFile = ").append(rawFile.getFileName()).append('\n');
        } else {
            h.append("ElementDataFile = LOCAL\n");
        }
        AtomicOutput.Payload data = os -> type.writeLittleEndian(volume.image(), os);
        AtomicOutput.writeImage(file, h.toString().getBytes(StandardCharsets.ISO_8859_1), data, rawFile, false, false);
    }
}
