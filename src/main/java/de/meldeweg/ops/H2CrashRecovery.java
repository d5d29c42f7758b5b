package de.meldeweg.ops;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds every commit in an H2 database file that was not closed cleanly (kill -9, power cut),
 * before H2 opens it.
 *
 * <p>Why: H2's MVStore (2.x, checked on 2.5.252) writes each commit as a chunk; when it reuses
 * free space it predicts where the next chunk will go. A chunk that lands somewhere else makes it
 * rewrite the file header, but the header it writes points to the chunk <em>before</em> the new
 * one ({@code RandomAccessStore.writeChunk} → {@code shouldWriteStoreHeader}/{@code
 * writeStoreHeader} use {@code FileStore.lastChunk}, which {@code FileStore.storeBuffer} sets only
 * after {@code writeChunk}). After a crash, H2's quick recovery ({@code
 * RandomAccessStore.readStoreHeader}) follows header → chunk → predicted next chunk, does not find
 * the new chunk there, and opens the older version: the last commits, already written to the file
 * and already answered, are gone, and the space they occupy is overwritten by the next writes.
 * {@code WRITE_DELAY=0} does not help: the data is in the file, H2 just does not look for it.
 *
 * <p>What: if the file's header does not carry H2's clean-shutdown mark, the file is opened once
 * with {@link MVStore.Builder#recoveryMode()}, which scans every block for chunks and takes the
 * newest complete one, and closed again (which writes a header pointing to that chunk). H2 then
 * opens the file as if it had been shut down cleanly; its own transaction recovery (rolling back
 * what was not committed) runs as always. A clean file costs one read of its first two blocks.
 */
public final class H2CrashRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(H2CrashRecovery.class);
    private static final int BLOCK = 4096;

    private H2CrashRecovery() {
    }

    /**
     * The MVStore file of an embedded H2 file URL ({@code jdbc:h2:file:./data/x;...} or
     * {@code jdbc:h2:./data/x}), or empty for in-memory, server, encrypted or other databases.
     */
    public static Optional<Path> storeFile(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = jdbcUrl.substring("jdbc:h2:".length());
        int semicolon = rest.indexOf(';');
        String name = semicolon < 0 ? rest : rest.substring(0, semicolon);
        String settings = semicolon < 0 ? "" : rest.substring(semicolon).toUpperCase(Locale.ROOT);
        if (name.startsWith("file:")) {
            name = name.substring("file:".length());
        } else if (name.contains(":") && !name.matches("^[A-Za-z]:[\\\\/].*")) {
            // mem:, tcp:, ssl:, zip:, split:, nio...: not a plain local file this process opens
            return Optional.empty();
        }
        if (name.isEmpty() || settings.contains(";CIPHER=") || settings.contains(";AUTO_SERVER=TRUE")) {
            return Optional.empty();
        }
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Optional.of(Path.of(name + ".mv.db").toAbsolutePath().normalize());
    }

    /**
     * Recovers the file if it exists and was not closed cleanly; returns whether a recovery ran.
     * Must run before anything in this process opens the database.
     */
    public static boolean recoverIfUnclean(Path storeFile) {
        if (!Files.isRegularFile(storeFile) || closedCleanly(storeFile)) {
            return false;
        }
        long start = System.nanoTime();
        long size = fileSize(storeFile);
        if (size < 3 * BLOCK) {
            // header blocks only (or less): no chunk to look for; H2 deals with it as always
            return false;
        }
        long version;
        try {
            MVStore store = new MVStore.Builder()
                    .fileName(storeFile.toString())
                    .autoCommitDisabled()
                    .recoveryMode()
                    .open();
            version = store.getCurrentVersion();
            store.close();
        } catch (RuntimeException e) {
            // e.g. the file is locked by another process: H2 then gives its own, clearer error
            LOG.error("H2 database file {} was not closed cleanly and could not be scanned; H2 opens it its own way: {}",
                    storeFile.getFileName(), e.toString());
            return false;
        }
        LOG.warn("H2 database file {} was not closed cleanly: scanned {} MB for its newest complete version ({}) in {} ms",
                storeFile.getFileName(), size / (1024 * 1024), version, (System.nanoTime() - start) / 1_000_000);
        return true;
    }

    /** True if both header blocks of the file agree and carry H2's clean-shutdown mark ({@code clean:1}). */
    static boolean closedCleanly(Path storeFile) {
        ByteBuffer header = ByteBuffer.allocate(2 * BLOCK);
        try (FileChannel channel = FileChannel.open(storeFile, StandardOpenOption.READ)) {
            while (header.hasRemaining() && channel.read(header) > 0) {
                // read both header blocks
            }
        } catch (IOException e) {
            return false;
        }
        if (header.position() < 2 * BLOCK) {
            return false;
        }
        // Each header block is one line "H:2,block:..,chunk:..,clean:1,..,version:..,fletcher:..";
        // a torn or differing pair counts as unclean (a scan too many costs time, never data).
        String first = headerLine(header, 0);
        String second = headerLine(header, BLOCK);
        boolean clean = first != null && first.equals(second) && Arrays.asList(first.split(",")).contains("clean:1");
        return clean;
    }

    private static String headerLine(ByteBuffer header, int offset) {
        byte[] block = new byte[BLOCK];
        header.get(offset, block);
        String text = new String(block, StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        return end < 0 || !text.startsWith("H:") ? null : text.substring(0, end);
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
