package org.halo.opencl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Compiled program binaries on disk, keyed by device name, driver version, kernel source and build options, so a
 * later process skips the OpenCL compiler. Folder: {@code $HALO_CACHE_DIR}, else {@code ~/.cache/halo}, + "/opencl".
 * A cache that cannot be read or written is simply not used.
 */
final class KernelCache {
    private final Path dir;

    KernelCache() {
        String env = System.getenv("HALO_CACHE_DIR");
        Path base = env != null && !env.isBlank() ? Paths.get(env) : Paths.get(System.getProperty("user.home"), ".cache", "halo");
        this.dir = base.resolve("opencl");
    }

    static String key(String deviceName, String driverVersion, String source, String options) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String s : new String[] {deviceName, driverVersion, source, options}) {
                md.update(s.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] load(String key) {
        try {
            Path f = dir.resolve(key + ".bin");
            return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
        } catch (IOException e) {
            return null;
        }
    }

    void store(String key, byte[] binary) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, key, ".part");
            Files.write(tmp, binary);
            Files.move(tmp, dir.resolve(key + ".bin"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // caching is an optimisation only
        }
    }
}
