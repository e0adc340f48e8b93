package org.halo.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file output stream that leaves runs of zero bytes as holes instead of writing them. A PTV mask on a clinical grid is
 * more than 95 % zeros; not copying those into the page cache makes writing it several times faster, and the file reads
 * back byte for byte the same (a hole reads as zeros). Only whole aligned blocks of {@value #BLOCK} zero bytes become
 * holes, so small files and ordinary content are written as they are.
 */
final class SparseFileOutput extends OutputStream {
    static final int BLOCK = 1 << 16;
    private final FileChannel channel;
    private long position;

    SparseFileOutput(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        while (off < end) {
            // Up to the next block boundary of the file, so that holes fall on whole blocks.
            int n = (int) Math.min(end - off, BLOCK - position % BLOCK);
            if (n < BLOCK || !allZero(b, off, n)) writeFully(ByteBuffer.wrap(b, off, n), position);
            position += n;
            off += n;
        }
    }

    private void writeFully(ByteBuffer buf, long at) throws IOException {
        while (buf.hasRemaining()) at += channel.write(buf, at);
    }

    private static boolean allZero(byte[] b, int off, int n) {
        long acc = 0;
        int i = off, end = off + n;
        for (; i + 8 <= end; i += 8) acc |= (long) LONGS.get(b, i);
        for (; i < end; i++) acc |= b[i];
        return acc == 0;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.nativeOrder());

    @Override
    public void close() throws IOException {
        try {
            // A trailing hole still counts towards the length: write the last byte (a zero) if it was skipped.
            if (channel.size() < position) writeFully(ByteBuffer.wrap(new byte[1]), position - 1);
        } finally {
            channel.close();
        }
    }
}
