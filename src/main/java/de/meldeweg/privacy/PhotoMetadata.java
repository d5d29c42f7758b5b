package de.meldeweg.privacy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Removes what a photo tells beyond its picture before it is stored and forwarded: camera
 * position (GPS), device, owner name, edit history. Losslessly, by dropping the containers, never
 * by re-encoding the picture:
 * <ul>
 * <li>JPEG: the APP1 segments (Exif, with its GPS directory, and XMP) and APP13 (Photoshop/IPTC);
 * only the Exif orientation is written back as a minimal Exif of its own, so the photo stays
 * upright. The compressed picture (from SOS on) is copied byte for byte.</li>
 * <li>PNG: only the chunks needed to show the picture are kept; {@code eXIf}, {@code tEXt},
 * {@code iTXt}, {@code zTXt}, {@code tIME} and every unknown chunk are dropped.</li>
 * </ul>
 * A file that cannot be taken apart so is refused (the photo is then not forwarded), never stored as it came.
 */
public final class PhotoMetadata {

    private static final Set<String> PNG_KEPT = Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA", "iCCP", "sBIT",
            "sRGB", "bKGD", "pHYs", "hIST");
    private static final int APP1 = 0xE1;
    private static final int APP13 = 0xED;
    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;

    private PhotoMetadata() {
    }

    /** Thrown when a file does not have the structure its type promises. */
    public static final class Unreadable extends Exception {
        Unreadable(String reason) {
            super(reason);
        }
    }

    /** The photo without metadata; {@code mime} is image/jpeg or image/png. */
    public static byte[] strip(byte[] content, String mime) throws Unreadable {
        return switch (mime) {
            case "image/jpeg" -> jpeg(content);
            case "image/png" -> png(content);
            default -> throw new Unreadable("not a JPEG or PNG");
        };
    }

    static byte[] jpeg(byte[] in) throws Unreadable {
        if (in.length < 4 || (in[0] & 0xFF) != 0xFF || (in[1] & 0xFF) != 0xD8) {
            throw new Unreadable("JPEG without start marker");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(0xFF);
        out.write(0xD8);
        int orientation = 0;
        boolean orientationWritten = false;
        int pos = 2;
        while (pos < in.length) {
            if ((in[pos] & 0xFF) != 0xFF) {
                throw new Unreadable("JPEG segment expected at byte " + pos);
            }
            while (pos < in.length && (in[pos] & 0xFF) == 0xFF) {
                pos++; // fill bytes
            }
            if (pos >= in.length) {
                throw new Unreadable("JPEG ends inside a marker");
            }
            int marker = in[pos] & 0xFF;
            pos++;
            if (marker == EOI || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
                out.write(0xFF);
                out.write(marker);
                if (marker == EOI) {
                    out.write(in, pos, in.length - pos);
                    return out.toByteArray();
                }
                continue;
            }
            if (pos + 2 > in.length) {
                throw new Unreadable("JPEG segment without length");
            }
            int length = ((in[pos] & 0xFF) << 8) | (in[pos + 1] & 0xFF);
            if (length < 2 || pos + length > in.length) {
                throw new Unreadable("JPEG segment longer than the file");
            }
            if (marker == APP1 || marker == APP13) {
                if (marker == APP1 && orientation == 0) {
                    orientation = exifOrientation(in, pos + 2, length - 2);
                }
            } else {
                // the orientation goes right after JFIF (APP0), or first when there is none
                if (!orientationWritten && marker != 0xE0) {
                    writeOrientation(out, orientation);
                    orientationWritten = true;
                }
                out.write(0xFF);
                out.write(marker);
                out.write(in, pos, length);
            }
            pos += length;
            if (marker == SOS) {
                // the compressed picture and everything after it, unchanged
                out.write(in, pos, in.length - pos);
                return out.toByteArray();
            }
        }
        throw new Unreadable("JPEG without picture or end marker");
    }

    /**
     * Orientation is looked up in every APP1 before the first kept segment after APP0 is written;
     * segments come in file order, so Exif (always near the start) is seen in time.
     */
    private static void writeOrientation(ByteArrayOutputStream out, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return; // 1 is upright, the default without Exif
        }
        byte[] exif = {
                'E', 'x', 'i', 'f', 0, 0,
                'M', 'M', 0, 42, 0, 0, 0, 8,           // TIFF header, big endian, IFD0 at 8
                0, 1,                                   // one entry
                0x01, 0x12, 0, 3, 0, 0, 0, 1,           // Orientation, SHORT, count 1
                0, (byte) orientation, 0, 0,            // value
                0, 0, 0, 0};                            // no next IFD
        int length = exif.length + 2;
        out.write(0xFF);
        out.write(APP1);
        out.write(length >> 8);
        out.write(length & 0xFF);
        out.write(exif, 0, exif.length);
    }

    /** The Orientation tag (0x0112) of IFD0 in an Exif APP1 payload; 0 when there is none or it cannot be read. */
    static int exifOrientation(byte[] in, int start, int length) {
        byte[] header = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        if (length < header.length + 8) {
            return 0;
        }
        for (int i = 0; i < header.length; i++) {
            if (in[start + i] != header[i]) {
                return 0;
            }
        }
        int tiff = start + header.length;
        int end = start + length;
        boolean little = in[tiff] == 'I' && in[tiff + 1] == 'I';
        if (!little && !(in[tiff] == 'M' && in[tiff + 1] == 'M')) {
            return 0;
        }
        long ifd = tiff + uint32(in, tiff + 4, little);
        if (ifd + 2 > end || ifd < tiff) {
            return 0;
        }
        int entries = uint16(in, (int) ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = (int) ifd + 2 + 12 * i;
            if (entry + 12 > end) {
                return 0;
            }
            if (uint16(in, entry, little) == 0x0112 && uint16(in, entry + 2, little) == 3) {
                return uint16(in, entry + 8, little);
            }
        }
        return 0;
    }

    private static int uint16(byte[] b, int at, boolean little) {
        return little ? (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 : (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private static long uint32(byte[] b, int at, boolean little) {
        return little ? (uint16(b, at, true) | (long) uint16(b, at + 2, true) << 16)
                : ((long) uint16(b, at, false) << 16 | uint16(b, at + 2, false));
    }

    static byte[] png(byte[] in) throws Unreadable {
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        if (in.length < signature.length || !java.util.Arrays.equals(in, 0, signature.length, signature, 0, signature.length)) {
            throw new Unreadable("PNG without signature");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(in, 0, signature.length);
        int pos = signature.length;
        while (pos + 12 <= in.length) {
            long length = uint32(in, pos, false);
            if (length > in.length - pos - 12) {
                throw new Unreadable("PNG chunk longer than the file");
            }
            String type = new String(in, pos + 4, 4, StandardCharsets.ISO_8859_1);
            int total = 12 + (int) length;
            if (PNG_KEPT.contains(type)) {
                out.write(in, pos, total);
            }
            pos += total;
            if (type.equals("IEND")) {
                return out.toByteArray();
            }
        }
        throw new Unreadable("PNG without end chunk");
    }
}
