package nnspec.runtime;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one way nnspec writes a file: into a temporary file in the target's folder, forced to disk, then renamed over
 * the target, so a reader sees the old file or the whole new one, never a part. The command line, the Maven plugin,
 * model files and checkpoints all write through here.
 *
 * <p>A new file gets the permissions a plain create would give it (0666 less the umask, so 0644 under umask 022);
 * a file replaced keeps its permissions. Only a regular file is replaced: a symbolic link, a device, a pipe or a
 * folder at the target is refused, so {@code -o} can never write through a link or turn a device into a file.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private AtomicFiles() {
    }

    /**
     * The calls whose failure a test cannot bring about on a real file system (as root, a chmod of one's own file
     * and a rename back over one's own file do not fail; random names do not collide on demand; a local file system
     * has hard links and POSIX permissions), so that tests can inject one. Each {@link Pending} keeps the one it was
     * begun with, so tests running at once do not share it.
     */
    interface FileSystemCalls {
        FileSystemCalls SYSTEM = new FileSystemCalls() {
            @Override
            public int nonce() {
                return RANDOM.nextInt();
            }

            @Override
            public Set<PosixFilePermission> permissions(Path file) throws IOException {
                return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            }

            @Override
            public void setPermissions(Path file, Set<PosixFilePermission> mode) throws IOException {
                Files.setPosixFilePermissions(file, mode);
            }

            @Override
            public void link(Path link, Path existing) throws IOException {
                Files.createLink(link, existing);
            }

            @Override
            public void deleteIfExists(Path file) throws IOException {
                Files.deleteIfExists(file);
            }

            @Override
            public void move(Path from, Path to) throws IOException {
                try {
                    Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        };

        /** The random part of a temporary file's name. */
        int nonce();

        /** Throws UnsupportedOperationException off POSIX file systems. */
        Set<PosixFilePermission> permissions(Path file) throws IOException;

        void setPermissions(Path file, Set<PosixFilePermission> mode) throws IOException;

        /** A hard link; throws UnsupportedOperationException or IOException where the file system has none. */
        void link(Path link, Path existing) throws IOException;

        /** Renames {@code from} over {@code to}, atomically where the file system can. */
        void move(Path from, Path to) throws IOException;

        void deleteIfExists(Path file) throws IOException;
    }

    /**
     * A file that could not be written, its message one line naming the target (never the temporary file):
     * {@code TARGET: cannot write: REASON}.
     */
    public static class Failure extends IOException {
        private static final long serialVersionUID = 1L;

        private final transient Path target;

        Failure(Path target, String reason, Throwable cause) {
            super(target + ": cannot write: " + reason, cause);
            this.target = target;
        }

        public Path target() {
            return target;
        }

        public static Failure of(Path target, IOException e) {
            if (e instanceof Failure f) {
                return f;
            }
            String reason = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null
                    ? fs.getReason()
                    : e instanceof java.nio.file.NoSuchFileException ? "no such folder"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileSystemException ? e.getClass().getSimpleName()
                    : e.getMessage();
            return new Failure(target, reason, e);
        }

        /**
         * The one line to show for {@code e}: its {@link #of} message, then that of each undo that failed with it
         * (suppressed {@link Failure}s, see {@link #writeAll}), since those say where a replaced file was kept.
         */
        public static String line(Path target, IOException e) {
            StringBuilder line = new StringBuilder(of(target, e).getMessage());
            for (Throwable undo : e.getSuppressed()) {
                if (undo instanceof Failure f) {
                    line.append("; ").append(f.getMessage());
                }
            }
            return line.toString();
        }
    }

    /** The target exists and is not a regular file, so it is not replaced. */
    public static final class NotRegularFile extends Failure {
        private static final long serialVersionUID = 1L;

        NotRegularFile(Path target, String what) {
            super(target, "it is " + what + "; only a regular file is replaced", null);
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        try (Pending pending = begin(target)) {
            try {
                pending.stream().write(bytes);
            } catch (IOException e) {
                throw Failure.of(target, e);
            }
            pending.commit();
        }
    }

    /**
     * Writes every file of {@code files} or none: each is written to its temporary file first, and only when all
     * are on disk are they renamed, in order. Should a rename fail, the ones before it are undone (a replaced file is
     * put back as it was, from a hard link kept until the end; a new file is deleted). An undo that fails is added to
     * the failure as a suppressed {@link Failure}; a replaced file that could not be put back is then kept, under the
     * name that failure gives.
     */
    public static void writeAll(Map<Path, byte[]> files) throws IOException {
        List<Pending> pending = new ArrayList<>();
        try {
            for (Map.Entry<Path, byte[]> file : files.entrySet()) {
                Pending p = begin(file.getKey());
                pending.add(p);
                try {
                    p.stream().write(file.getValue());
                } catch (IOException e) {
                    throw Failure.of(file.getKey(), e);
                }
            }
            commitAll(pending);
        } finally {
            for (Pending p : pending) {
                p.close();
            }
        }
    }

    /** Renames every finished {@code pending} over its target, or none of them (see {@link #writeAll}). */
    public static void commitAll(List<Pending> pending) throws IOException {
        for (Pending p : pending) {
            p.finish();
        }
        List<Path> backups = new ArrayList<>();
        int done = 0;
        try {
            for (Pending p : pending) {
                try {
                    backups.add(p.backup());
                } catch (IOException e) {
                    throw Failure.of(p.target, e);
                }
            }
            for (Pending p : pending) {
                p.commit();
                done++;
            }
        } catch (IOException | RuntimeException e) {
            // a rename happens only once every backup is taken, so each renamed target has its entry (null: new)
            for (int k = done - 1; k >= 0; k--) {
                Path target = pending.get(k).target;
                Path backup = backups.get(k);
                try {
                    if (backup != null) {
                        pending.get(k).calls.move(backup, target);
                    } else {
                        pending.get(k).calls.deleteIfExists(target);
                    }
                } catch (IOException undo) {
                    if (backup != null) {
                        // the old file's only copy now: kept, and named, rather than deleted below
                        backups.set(k, null);
                        e.addSuppressed(new Failure(target, "not put back; the file it replaced is kept as " + backup,
                                undo));
                    } else {
                        e.addSuppressed(new Failure(target, "written, and could not be removed again", undo));
                    }
                }
            }
            throw e;
        } finally {
            for (Path backup : backups) {
                if (backup != null) {
                    Files.deleteIfExists(backup);
                }
            }
        }
    }

    /**
     * Starts writing {@code target}: the stream returned writes to the temporary file; {@link Pending#commit} puts it
     * in place, and {@link Pending#close} without a commit deletes it. Fails at once when the target is not a regular
     * file, or when eleven random temporary names in a row are taken.
     */
    public static Pending begin(Path target) throws IOException {
        return begin(target, FileSystemCalls.SYSTEM);
    }

    static Pending begin(Path target, FileSystemCalls calls) throws IOException {
        try {
            return open(target, calls);
        } catch (IOException e) {
            throw Failure.of(target, e);
        }
    }

    private static Pending open(Path target, FileSystemCalls calls) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Set<PosixFilePermission> mode = requireReplaceable(target, calls);
        Files.createDirectories(dir);
        Path temp = null;
        FileChannel channel = null;
        for (int attempt = 0; channel == null; attempt++) {
            temp = dir.resolve("." + absolute.getFileName() + "." + HexFormat.of().toHexDigits(calls.nonce())
                    + ".tmp");
            try {
                // CREATE_NEW without attributes: the permissions of a plain create (createTempFile would give 0600)
                channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
        Pending pending = new Pending(target, temp, channel, calls);
        if (mode != null) {
            try {
                calls.setPermissions(temp, mode);
            } catch (IOException e) {
                pending.close();
                throw e;
            }
        }
        return pending;
    }

    /**
     * Null for a missing target or a file system without POSIX permissions, else the target's permissions; throws
     * when the target is not a regular file. Links are not followed: a link is refused rather than written through.
     */
    private static Set<PosixFilePermission> requireReplaceable(Path target, FileSystemCalls calls)
            throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        if (attributes.isSymbolicLink()) {
            throw new NotRegularFile(target, "a symbolic link");
        }
        if (attributes.isDirectory()) {
            throw new NotRegularFile(target, "a folder");
        }
        if (!attributes.isRegularFile()) {
            throw new NotRegularFile(target, "not a regular file (a device or a pipe)");
        }
        try {
            return calls.permissions(target);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /** A file being written: its temporary file, not yet in place. */
    public static final class Pending implements AutoCloseable {
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final FileSystemCalls calls;
        private final OutputStream stream;
        private boolean finished;
        private boolean committed;

        private Pending(Path target, Path temp, FileChannel channel, FileSystemCalls calls) {
            this.target = target;
            this.temp = temp;
            this.channel = channel;
            this.calls = calls;
            this.stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16) {
                @Override
                public void close() {
                    // closed by finish(), after the bytes are forced to disk
                }
            };
        }

        /** Where the bytes go until the commit. */
        public OutputStream stream() {
            return stream;
        }

        /** Flushes the stream and forces the bytes to disk; the commit does this if it was not done. */
        public void finish() throws IOException {
            if (!finished) {
                try {
                    stream.flush();
                    channel.force(true);
                    channel.close();
                } catch (IOException e) {
                    throw Failure.of(target, e);
                }
                finished = true;
            }
        }

        /** Puts the written file in place of the target. */
        public void commit() throws IOException {
            finish();
            try {
                // checked again: something may have been put at the target while the file was written
                requireReplaceable(target, calls);
                calls.move(temp, target);
            } catch (IOException e) {
                throw Failure.of(target, e);
            }
            committed = true;
            syncFolder(target.toAbsolutePath().getParent());
        }

        /** A hard link to the target as it is, to put back if a later file of a group fails; null if none. */
        private Path backup() throws IOException {
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                // nothing to keep; anything but a regular file makes the commit itself fail
                return null;
            }
            Path link = temp.resolveSibling(temp.getFileName() + ".old");
            try {
                calls.link(link, target);
                return link;
            } catch (UnsupportedOperationException | IOException e) {
                // no hard links here: copy, so that an undo is still possible
                Files.copy(target, link, StandardCopyOption.COPY_ATTRIBUTES);
                return link;
            }
        }

        /** Deletes the temporary file unless it was committed. */
        @Override
        public void close() throws IOException {
            if (!committed) {
                try {
                    channel.close();
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    /** Makes the rename itself durable; some file systems cannot open a folder, and then the rename is left to them. */
    private static void syncFolder(Path dir) {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException | RuntimeException e) {
            // durability of the folder entry is best effort; the file's bytes are already forced
        }
    }
}
