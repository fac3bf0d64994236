package io.cityops.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;

/** File writes that survive a crash: forced to disk before anything refers to them. */
final class Durable {
    private Durable() {}

    /**
     * Appends {@code text} to {@code file} as one gzip member (a reader sees the members as one
     * stream), forces it to disk and returns the file's new length.
     */
    static long appendGzipMember(Path file, byte[] text) throws IOException {
        boolean created = !Files.exists(file);
        try (FileChannel ch =
                FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND)) {
            OutputStream raw = Channels.newOutputStream(ch);
            OutputStream unclosable =
                    new OutputStream() {
                        @Override
                        public void write(int b) throws IOException {
                            raw.write(b);
                        }

                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            raw.write(b, off, len);
                        }
                    };
            try (GZIPOutputStream gz = new GZIPOutputStream(unclosable, 1 << 16)) {
                gz.write(text);
            }
            ch.force(true);
            long size = ch.size();
            if (created) {
                forceFolder(file.toAbsolutePath().getParent());
            }
            return size;
        }
    }

    /** Cuts {@code file} back to {@code length} bytes (what a checkpoint covered). */
    static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
            ch.force(true);
        }
    }

    /** Replaces {@code file} whole: a temporary file, forced, then renamed over it. */
    static void replace(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch =
                FileChannel.open(
                        tmp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = Channels.newOutputStream(ch);
            out.write(content);
            out.flush();
            ch.force(true);
        }
        try {
            Files.move(
                    tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceFolder(file.toAbsolutePath().getParent());
    }

    /** Makes a folder's new or renamed entries durable; a no-op where the system cannot. */
    static void forceFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can open a folder; the data files themselves are forced.
        }
    }
}
