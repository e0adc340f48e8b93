package org.halo.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.imglib2.Cursor;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.RealType;
import org.halo.HaloException;
import org.halo.image.Grid;
import org.halo.image.Matrix3;
import org.halo.image.Volume;
import org.halo.image.VoxelType;

/**
 * NIfTI-1 and NIfTI-2 single-file images ({@code .nii}, {@code .nii.gz}), either byte order. Geometry comes from the
 * sform when its code is set, else from the qform, else from pixdim alone, and is converted from NIfTI's RAS to LPS.
 * Writes NIfTI-1 (NIfTI-2 when a dimension exceeds 32767) with matching sform and qform.
 */
public final class NiftiFormat implements ImageFormat {
    /** A reader and writer of this format (stateless; {@link ImageFiles} picks one by file name). */
    public NiftiFormat() {}

    private static final int V1_HEADER = 348;
    private static final int V2_HEADER = 540;

    @Override
    public String name() {
        return "NIfTI";
    }

    @Override
    public boolean handles(Path file) {
        String n = file.getFileName().toString().toLowerCase();
        return n.endsWith(".nii") || n.endsWith(".nii.gz");
    }

    @Override
    public Volume read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read(), b1 = raw.read();
            raw.reset();
            boolean gz = b0 == 0x1f && b1 == 0x8b;
            InputStream in = VoxelData.decompress(raw, gz ? VoxelData.Compression.GZIP : VoxelData.Compression.NONE);
            byte[] first = in.readNBytes(4);
            if (first.length < 4) throw HaloException.inFile(file, "too short for a NIfTI header");
            ByteBuffer probe = ByteBuffer.wrap(first);
            int le = probe.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            int be = probe.order(ByteOrder.BIG_ENDIAN).getInt(0);
            ByteOrder order;
            int headerSize;
            if (le == V1_HEADER || le == V2_HEADER) { order = ByteOrder.LITTLE_ENDIAN; headerSize = le; }
            else if (be == V1_HEADER || be == V2_HEADER) { order = ByteOrder.BIG_ENDIAN; headerSize = be; }
            else throw HaloException.inFile(file, "not a NIfTI file (sizeof_hdr is " + le + ", expected 348 or 540)");
            byte[] rest = in.readNBytes(headerSize - 4);
            if (rest.length < headerSize - 4) throw HaloException.inFile(file, "truncated NIfTI header");
            ByteBuffer h = ByteBuffer.allocate(headerSize).order(order);
            h.put(first).put(rest).flip();
            Header hdr = headerSize == V1_HEADER ? parseV1(h, file) : parseV2(h, file);
            if (hdr.slope != 0 && Double.isFinite(hdr.slope) && !Double.isFinite(hdr.inter)) {
                // The standard scales by a valid slope; with an intercept of NaN every voxel would become NaN (nibabel refuses too).
                throw HaloException.inFile(file, "scl_inter is " + hdr.inter + " while scl_slope " + hdr.slope + " asks for scaling");
            }

            long skip = hdr.voxOffset - headerSize;
            if (skip < 0) throw HaloException.inFile(file, "vox_offset " + hdr.voxOffset + " lies inside the header");
            if (VoxelData.skipFully(in, skip) < skip) throw HaloException.inFile(file, "truncated before the voxel data (vox_offset " + hdr.voxOffset + ")");
            long voxels = hdr.nx * hdr.ny * hdr.nz * hdr.nt;
            long bytes = VoxelData.payloadBytes(file, voxels, hdr.type);
            if (!gz) {
                long size = Files.size(file);
                if (size < hdr.voxOffset + bytes) {
                    throw HaloException.inFile(file, "truncated voxel data: header promises " + bytes + " bytes, file holds "
                            + Math.max(0, size - hdr.voxOffset));
                }
            }
            ByteBuffer data = VoxelData.readExactly(in, bytes, file, order, "voxel data", Files.size(file), gz);
            long[] dims = hdr.nt > 1 ? new long[] {hdr.nx, hdr.ny, hdr.nz, hdr.nt} : new long[] {hdr.nx, hdr.ny, hdr.nz};
            ArrayImg<? extends RealType<?>, ?> img = hdr.type.read(data, dims);
            if (hdr.scaled()) img = applyScaling(img, hdr);
            return new Volume(hdr.grid(file), img, hdr.descrip.isEmpty() ? null : hdr.descrip, FractionMarker.marks(hdr.descrip));
        }
    }

    /** Voxel = stored · slope + inter, in float64 when the stored type has more precision than float32 carries. */
    private static ArrayImg<? extends RealType<?>, ?> applyScaling(ArrayImg<? extends RealType<?>, ?> img, Header h) {
        long[] dims = img.dimensionsAsLongArray();
        int n = Math.toIntExact(img.size());
        boolean wide = h.type.bytes() >= 4 || h.type == VoxelType.FLOAT64;
        Cursor<? extends RealType<?>> c = img.cursor();
        if (wide) {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) out[i] = c.next().getRealDouble() * h.slope + h.inter;
            return ArrayImgs.doubles(out, dims);
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (c.next().getRealDouble() * h.slope + h.inter);
        return ArrayImgs.floats(out, dims);
    }

    /** The fields Halo uses, in the widest form either version stores. */
    private static final class Header {
        long nx, ny, nz, nt;
        VoxelType type;
        double[] pixdim = new double[8];
        long voxOffset;
        double slope, inter;
        int qformCode, sformCode;
        double qb, qc, qd, qx, qy, qz;
        double[][] srow = new double[3][4];
        int xyztUnits;
        String descrip;

        boolean scaled() {
            return slope != 0 && Double.isFinite(slope) && (slope != 1 || (inter != 0 && Double.isFinite(inter)));
        }

        Grid grid(Path file) {
            double unit = spatialUnitMm(xyztUnits);
            double[] affine = new double[9]; // RAS, columns scaled by spacing
            double[] offset = new double[3];
            if (sformCode > 0) {
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 3; c++) affine[3 * r + c] = srow[r][c];
                    offset[r] = srow[r][3];
                }
            } else if (qformCode > 0) {
                double[] rot = quaternionToRotation(qb, qc, qd);
                double qfac = pixdim[0] < 0 ? -1 : 1;
                double[] s = {pixdim[1], pixdim[2], qfac * pixdim[3]};
                for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) affine[3 * r + c] = rot[3 * r + c] * s[c];
                offset = new double[] {qx, qy, qz};
            } else {
                for (int c = 0; c < 3; c++) affine[4 * c] = pixdim[c + 1];
            }
            for (int c = 0; c < 9; c++) affine[c] *= unit;
            for (int r = 0; r < 3; r++) offset[r] *= unit;
            // RAS → LPS: negate the first two rows.
            for (int c = 0; c < 3; c++) { affine[c] = -affine[c]; affine[3 + c] = -affine[3 + c]; }
            offset[0] = -offset[0];
            offset[1] = -offset[1];
            double[] split = Matrix3.splitColumns(affine);
            double[] dir = java.util.Arrays.copyOf(split, 9);
            double[] spacing = {split[9], split[10], split[11]};
            for (double s : spacing) {
                if (!(s > 0) || !Double.isFinite(s)) throw HaloException.inFile(file, "voxel spacing must be positive, header gives " + s + " mm");
            }
            if (Math.abs(Matrix3.determinant(dir)) < 1e-6) throw HaloException.inFile(file, "orientation matrix is singular");
            String shear = Matrix3.orthogonalityProblem(dir);
            if (shear != null) {
                throw HaloException.inFile(file, (sformCode > 0 ? "sform (srow_x/y/z) " : "qform ") + "is sheared, Halo needs perpendicular axes: " + shear
                        + (sformCode > 0 ? "; srow " + Matrix3.format(new double[] {srow[0][0], srow[0][1], srow[0][2], srow[1][0], srow[1][1],
                                srow[1][2], srow[2][0], srow[2][1], srow[2][2]}) : ""));
            }
            return new Grid(new int[] {(int) nx, (int) ny, (int) nz}, spacing, offset, dir);
        }
    }

    static double spatialUnitMm(int xyztUnits) {
        switch (xyztUnits & 7) {
            case 1: return 1000.0; // metre
            case 3: return 0.001;  // micron
            default: return 1.0;   // mm, or unknown (taken as mm)
        }
    }

    private static Header parseV1(ByteBuffer h, Path file) {
        String magic = new String(new byte[] {h.get(344), h.get(345), h.get(346)}, StandardCharsets.US_ASCII);
        if (magic.equals("ni1")) throw HaloException.inFile(file, "two-file NIfTI (.hdr/.img) is not supported; convert to a single .nii");
        if (!magic.equals("n+1")) throw HaloException.inFile(file, "bad NIfTI-1 magic '" + magic + "'");
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) dim[i] = h.getShort(40 + 2 * i);
        Header hdr = new Header();
        setDims(hdr, dim, file);
        hdr.type = datatype(h.getShort(70), file);
        checkBitpix(h.getShort(72), hdr.type, file);
        for (int i = 0; i < 8; i++) hdr.pixdim[i] = h.getFloat(76 + 4 * i);
        hdr.voxOffset = (long) h.getFloat(108);
        hdr.slope = h.getFloat(112);
        hdr.inter = h.getFloat(116);
        hdr.xyztUnits = h.get(123);
        hdr.descrip = ascii(h, 148, 80);
        hdr.qformCode = h.getShort(252);
        hdr.sformCode = h.getShort(254);
        hdr.qb = h.getFloat(256); hdr.qc = h.getFloat(260); hdr.qd = h.getFloat(264);
        hdr.qx = h.getFloat(268); hdr.qy = h.getFloat(272); hdr.qz = h.getFloat(276);
        for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) hdr.srow[r][c] = h.getFloat(280 + 16 * r + 4 * c);
        checkSpacing(hdr, dim, file);
        return hdr;
    }

    private static Header parseV2(ByteBuffer h, Path file) {
        String magic = new String(new byte[] {h.get(4), h.get(5), h.get(6)}, StandardCharsets.US_ASCII);
        if (!magic.equals("n+2")) throw HaloException.inFile(file, "bad NIfTI-2 magic '" + magic + "'");
        long[] dim = new long[8];
        for (int i = 0; i < 8; i++) dim[i] = h.getLong(16 + 8 * i);
        Header hdr = new Header();
        setDims(hdr, dim, file);
        hdr.type = datatype(h.getShort(12), file);
        checkBitpix(h.getShort(14), hdr.type, file);
        for (int i = 0; i < 8; i++) hdr.pixdim[i] = h.getDouble(104 + 8 * i);
        hdr.voxOffset = h.getLong(168);
        hdr.slope = h.getDouble(176);
        hdr.inter = h.getDouble(184);
        hdr.qformCode = h.getInt(344);
        hdr.sformCode = h.getInt(348);
        hdr.qb = h.getDouble(352); hdr.qc = h.getDouble(360); hdr.qd = h.getDouble(368);
        hdr.qx = h.getDouble(376); hdr.qy = h.getDouble(384); hdr.qz = h.getDouble(392);
        for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) hdr.srow[r][c] = h.getDouble(400 + 32 * r + 8 * c);
        hdr.xyztUnits = h.getInt(500);
        hdr.descrip = ascii(h, 240, 80);
        checkSpacing(hdr, dim, file);
        return hdr;
    }

    private static void setDims(Header hdr, long[] dim, Path file) {
        int nd = (int) dim[0];
        if (nd < 1 || nd > 7) throw HaloException.inFile(file, "dim[0] = " + nd + " is not a dimension count (1..7)");
        for (int i = 1; i <= nd; i++) {
            if (dim[i] <= 0) throw HaloException.inFile(file, "dim[" + i + "] = " + dim[i] + " is not a positive size");
        }
        for (int i = 5; i <= nd; i++) {
            if (dim[i] > 1) throw HaloException.inFile(file, nd + "-D image (dim[" + i + "] = " + dim[i] + "); Halo reads up to 4-D");
        }
        hdr.nx = dim[1];
        hdr.ny = nd >= 2 ? dim[2] : 1;
        hdr.nz = nd >= 3 ? dim[3] : 1;
        hdr.nt = nd >= 4 ? dim[4] : 1;
        if (hdr.nx > Integer.MAX_VALUE || hdr.ny > Integer.MAX_VALUE || hdr.nz > Integer.MAX_VALUE) {
            throw HaloException.inFile(file, "image dimensions too large");
        }
    }

    private static void checkSpacing(Header hdr, long[] dim, Path file) {
        int nd = (int) dim[0];
        for (int i = 1; i <= 3; i++) {
            if (i > nd) {
                if (!(hdr.pixdim[i] > 0)) hdr.pixdim[i] = 1; // an absent axis has no spacing to check
                continue;
            }
            if (hdr.sformCode > 0) continue; // spacing comes from the sform
            if (!(hdr.pixdim[i] > 0) || !Double.isFinite(hdr.pixdim[i])) {
                throw HaloException.inFile(file, "voxel spacing must be positive, pixdim[" + i + "] = " + hdr.pixdim[i]);
            }
        }
    }

    private static void checkBitpix(int bitpix, VoxelType type, Path file) {
        if (bitpix != 0 && bitpix != 8 * type.bytes()) {
            throw HaloException.inFile(file, "bitpix " + bitpix + " disagrees with datatype " + type);
        }
    }

    static VoxelType datatype(int code, Path file) {
        switch (code) {
            case 2: return VoxelType.UINT8;
            case 4: return VoxelType.INT16;
            case 8: return VoxelType.INT32;
            case 16: return VoxelType.FLOAT32;
            case 64: return VoxelType.FLOAT64;
            case 256: return VoxelType.INT8;
            case 512: return VoxelType.UINT16;
            case 768: return VoxelType.UINT32;
            case 1024: return VoxelType.INT64;
            case 1280: return VoxelType.UINT64;
            default:
                throw HaloException.inFile(file, "unsupported NIfTI datatype " + code
                        + " (Halo reads the integer and real types: 2, 4, 8, 16, 64, 256, 512, 768, 1024, 1280)");
        }
    }

    static int datatypeCode(VoxelType t) {
        switch (t) {
            case UINT8: return 2;
            case INT16: return 4;
            case INT32: return 8;
            case FLOAT32: return 16;
            case FLOAT64: return 64;
            case INT8: return 256;
            case UINT16: return 512;
            case UINT32: return 768;
            case INT64: return 1024;
            case UINT64: return 1280;
            default: throw new AssertionError(t);
        }
    }

    static double[] quaternionToRotation(double b, double c, double d) {
        double a = 1.0 - (b * b + c * c + d * d);
        if (a < 1e-7) {
            double norm = 1.0 / Math.sqrt(b * b + c * c + d * d);
            b *= norm; c *= norm; d *= norm;
            a = 0;
        } else {
            a = Math.sqrt(a);
        }
        return new double[] {
            a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
            2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
            2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b
        };
    }

    /** Returns {b, c, d, qfac} for a rotation-or-reflection matrix with orthonormal columns (row-major). */
    static double[] rotationToQuaternion(double[] m) {
        double[] r = m.clone();
        double qfac = 1;
        if (Matrix3.determinant(r) < 0) {
            qfac = -1;
            r[2] = -r[2]; r[5] = -r[5]; r[8] = -r[8];
        }
        double r11 = r[0], r12 = r[1], r13 = r[2], r21 = r[3], r22 = r[4], r23 = r[5], r31 = r[6], r32 = r[7], r33 = r[8];
        double a = r11 + r22 + r33 + 1.0, b, c, d;
        if (a > 0.5) {
            a = 0.5 * Math.sqrt(a);
            b = 0.25 * (r32 - r23) / a;
            c = 0.25 * (r13 - r31) / a;
            d = 0.25 * (r21 - r12) / a;
        } else {
            double xd = 1.0 + r11 - (r22 + r33), yd = 1.0 + r22 - (r11 + r33), zd = 1.0 + r33 - (r11 + r22);
            if (xd > 1.0) {
                b = 0.5 * Math.sqrt(xd); c = 0.25 * (r12 + r21) / b; d = 0.25 * (r13 + r31) / b; a = 0.25 * (r32 - r23) / b;
            } else if (yd > 1.0) {
                c = 0.5 * Math.sqrt(yd); b = 0.25 * (r12 + r21) / c; d = 0.25 * (r23 + r32) / c; a = 0.25 * (r13 - r31) / c;
            } else {
                d = 0.5 * Math.sqrt(zd); b = 0.25 * (r13 + r31) / d; c = 0.25 * (r23 + r32) / d; a = 0.25 * (r21 - r12) / d;
            }
            if (a < 0) { b = -b; c = -c; d = -d; }
        }
        return new double[] {b, c, d, qfac};
    }

    @Override
    public void write(Volume volume, Path file) throws IOException {
        Grid g = volume.grid();
        VoxelType type = volume.voxelType();
        long[] dims = volume.image().dimensionsAsLongArray();
        boolean v2 = false;
        for (long d : dims) if (d > Short.MAX_VALUE) v2 = true;
        // LPS → RAS for the affine.
        double[] dir = g.direction();
        double[] sp = g.spacingMm();
        double[] o = g.originMm();
        double[][] srow = new double[3][4];
        double[] rasDir = dir.clone();
        for (int c = 0; c < 3; c++) { rasDir[c] = -dir[c]; rasDir[3 + c] = -dir[3 + c]; }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) srow[r][c] = rasDir[3 * r + c] * sp[c];
        }
        srow[0][3] = -o[0];
        srow[1][3] = -o[1];
        srow[2][3] = o[2];
        double[] q = rotationToQuaternion(rasDir);
        int headerSize = v2 ? V2_HEADER : V1_HEADER;
        int voxOffset = v2 ? 544 : 352;
        ByteBuffer h = ByteBuffer.allocate(voxOffset).order(ByteOrder.LITTLE_ENDIAN);
        double[] pixdim = {q[3], sp[0], sp[1], sp[2], dims.length > 3 ? 1 : 0, 0, 0, 0};
        long[] dim = new long[8];
        dim[0] = dims.length;
        for (int i = 0; i < dims.length; i++) dim[i + 1] = dims[i];
        for (int i = dims.length + 1; i < 8; i++) dim[i] = 1;
        int code = datatypeCode(type);
        String descrip = FractionMarker.description(volume) != null ? FractionMarker.description(volume) : "Halo";
        if (!v2) {
            h.putInt(0, V1_HEADER);
            h.put(38, (byte) 'r');
            for (int i = 0; i < 8; i++) h.putShort(40 + 2 * i, (short) dim[i]);
            h.putShort(70, (short) code);
            h.putShort(72, (short) (8 * type.bytes()));
            for (int i = 0; i < 8; i++) h.putFloat(76 + 4 * i, (float) pixdim[i]);
            h.putFloat(108, voxOffset);
            h.putFloat(112, 1f);
            h.putFloat(116, 0f);
            h.put(123, (byte) (2 | 8)); // mm, seconds
            putAscii(h, 148, descrip, 80);
            h.putShort(252, (short) 1);
            h.putShort(254, (short) 1);
            h.putFloat(256, (float) q[0]); h.putFloat(260, (float) q[1]); h.putFloat(264, (float) q[2]);
            h.putFloat(268, (float) srow[0][3]); h.putFloat(272, (float) srow[1][3]); h.putFloat(276, (float) srow[2][3]);
            for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) h.putFloat(280 + 16 * r + 4 * c, (float) srow[r][c]);
            putAscii(h, 344, "n+1\0", 4);
        } else {
            h.putInt(0, V2_HEADER);
            byte[] magic = {'n', '+', '2', 0, 0x0D, 0x0A, 0x1A, 0x0A};
            for (int i = 0; i < 8; i++) h.put(4 + i, magic[i]);
            h.putShort(12, (short) code);
            h.putShort(14, (short) (8 * type.bytes()));
            for (int i = 0; i < 8; i++) h.putLong(16 + 8 * i, dim[i]);
            for (int i = 0; i < 8; i++) h.putDouble(104 + 8 * i, pixdim[i]);
            h.putLong(168, voxOffset);
            h.putDouble(176, 1.0);
            h.putDouble(184, 0.0);
            putAscii(h, 240, descrip, 80);
            h.putInt(344, 1);
            h.putInt(348, 1);
            h.putDouble(352, q[0]); h.putDouble(360, q[1]); h.putDouble(368, q[2]);
            h.putDouble(376, srow[0][3]); h.putDouble(384, srow[1][3]); h.putDouble(392, srow[2][3]);
            for (int r = 0; r < 3; r++) for (int c = 0; c < 4; c++) h.putDouble(400 + 32 * r + 8 * c, srow[r][c]);
            h.putInt(500, 2 | 8);
        }
        AtomicOutput.Payload data = os -> type.writeLittleEndian(volume.image(), os);
        boolean gz = file.getFileName().toString().toLowerCase().endsWith(".gz");
        AtomicOutput.writeImage(file, h.array(), data, null, false, gz);
    }

    private static String ascii(ByteBuffer h, int at, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < max; i++) {
            byte b = h.get(at + i);
            if (b == 0) break;
            sb.append((char) (b & 0xFF));
        }
        return sb.toString().trim();
    }

    private static void putAscii(ByteBuffer h, int at, String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < Math.min(b.length, max); i++) h.put(at + i, b[i]);
    }
}
