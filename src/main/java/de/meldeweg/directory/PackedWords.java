package de.meldeweg.directory;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A read-only set of words packed into one byte array (UTF-8), sorted by length and then by their
 * bytes, with a binary search for {@link #contains}: the 427,000 ordinary words take about 5 MB
 * instead of the 30–40 MB of a {@code HashSet} of strings, and are written to and read from a file
 * in one piece ({@link Vocabulary}'s compiled form). Words of the same length and first letter lie
 * side by side ({@link #from}, {@link #to}), which is what the typo checks at start-up scan.
 */
final class PackedWords extends AbstractSet<String> {

    private final byte[] bytes;
    /** Where word {@code i} starts in {@link #bytes}; {@code starts[size]} is the end. */
    private final int[] starts;

    private PackedWords(byte[] bytes, int[] starts) {
        this.bytes = bytes;
        this.starts = starts;
    }

    /** The words, sorted and without duplicates. */
    static PackedWords of(Collection<String> words) {
        byte[][] encoded = new byte[words.size()][];
        int n = 0;
        for (String word : words) {
            encoded[n++] = word.getBytes(StandardCharsets.UTF_8);
        }
        Arrays.sort(encoded, PackedWords::compare);
        int total = 0;
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || compare(encoded[i - 1], encoded[i]) != 0) {
                encoded[distinct++] = encoded[i];
                total += encoded[i].length;
            }
        }
        byte[] bytes = new byte[total];
        int[] starts = new int[distinct + 1];
        int at = 0;
        for (int i = 0; i < distinct; i++) {
            starts[i] = at;
            System.arraycopy(encoded[i], 0, bytes, at, encoded[i].length);
            at += encoded[i].length;
        }
        starts[distinct] = at;
        return new PackedWords(bytes, starts);
    }

    /** Shorter words first, then by their bytes (unsigned). */
    private static int compare(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        return Arrays.compareUnsigned(a, b);
    }

    /** Word {@code i} compared with {@code key} in the set's order. */
    private int compare(int i, byte[] key) {
        int from = starts[i];
        int length = starts[i + 1] - from;
        if (length != key.length) {
            return Integer.compare(length, key.length);
        }
        return Arrays.compareUnsigned(bytes, from, from + length, key, 0, key.length);
    }

    @Override
    public boolean contains(Object o) {
        if (!(o instanceof String word)) {
            return false;
        }
        byte[] key = word.getBytes(StandardCharsets.UTF_8);
        int low = 0;
        int high = size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int c = compare(middle, key);
            if (c < 0) {
                low = middle + 1;
            } else if (c > 0) {
                high = middle - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    @Override
    public int size() {
        return starts.length - 1;
    }

    /** Word {@code i} in the set's order. */
    String word(int i) {
        return new String(bytes, starts[i], starts[i + 1] - starts[i], StandardCharsets.UTF_8);
    }

    /** The length in bytes (= letters, for ASCII words) of word {@code i}. */
    int length(int i) {
        return starts[i + 1] - starts[i];
    }

    /** Byte {@code k} of word {@code i}. */
    byte at(int i, int k) {
        return bytes[starts[i] + k];
    }

    /** The index of the first word of {@code length} bytes whose first byte is {@code first} or greater. */
    int from(int length, byte first) {
        int low = 0;
        int high = size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            int l = length(middle);
            boolean before = l < length || l == length && Byte.toUnsignedInt(at(middle, 0)) < Byte.toUnsignedInt(first);
            if (before) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** The index after the last word of {@code length} bytes that starts with {@code first}. */
    int to(int length, byte first) {
        return first == (byte) 0xff ? from(length + 1, (byte) 0) : from(length, (byte) (first + 1));
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return word(next++);
            }
        };
    }

    /** Written as: count, the lengths (one byte each when all are under 255, else four), the bytes. */
    void write(DataOutputStream out) throws IOException {
        int n = size();
        boolean shortWords = true;
        for (int i = 0; i < n && shortWords; i++) {
            shortWords = length(i) < 255;
        }
        out.writeInt(n);
        out.writeBoolean(shortWords);
        for (int i = 0; i < n; i++) {
            if (shortWords) {
                out.writeByte(length(i));
            } else {
                out.writeInt(length(i));
            }
        }
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static PackedWords read(DataInputStream in) throws IOException {
        int n = in.readInt();
        boolean shortWords = in.readBoolean();
        int[] starts = new int[n + 1];
        byte[] lengths = shortWords ? in.readNBytes(n) : null;
        if (shortWords && lengths.length != n) {
            throw new IOException("truncated");
        }
        int at = 0;
        for (int i = 0; i < n; i++) {
            starts[i] = at;
            at += shortWords ? Byte.toUnsignedInt(lengths[i]) : in.readInt();
        }
        starts[n] = at;
        int total = in.readInt();
        if (total != at) {
            throw new IOException("lengths and bytes do not match");
        }
        byte[] bytes = in.readNBytes(total);
        if (bytes.length != total) {
            throw new IOException("truncated");
        }
        return new PackedWords(bytes, starts);
    }
}
