package dev.nyt.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <dir>/local-broker.lock}, held while a local broker runs: a second
 * broker on the same directory, in this JVM or another process, is refused before it touches
 * anything. The operating system releases it when the process dies, so a kill -9 leaves no stale lock.
 */
final class DirectoryLock implements AutoCloseable {

    static final String FILE_NAME = "local-broker.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IllegalStateException when another broker holds the lock */
    static DirectoryLock acquire(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open " + file, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Could not lock " + file, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new IllegalStateException("Another local Kafka broker is using " + dir
                    + " (it holds " + FILE_NAME + "); stop it first, or give this one another NYT_STATE_DIR");
        }
        return new DirectoryLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not release " + FILE_NAME, e);
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release: closing a channel releases its locks
        }
    }
}
