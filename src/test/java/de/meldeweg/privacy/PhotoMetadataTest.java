package de.meldeweg.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/**
 * Photos as phones send them, with the camera's GPS position and the owner's name inside: built
 * here with ImageIO and real Exif/XMP/IPTC and PNG chunks, then stripped. The picture stays byte
 * for byte; the position, the names and the texts are gone; the orientation stays.
 */
class PhotoMetadataTest {

    private static final String OWNER = "Erika Mustermann";

    private static byte[] picture(String format) throws Exception {
        BufferedImage image = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 16; x++) {
            for (int y = 0; y < 12; y++) {
                image.setRGB(x, y, new Color(x * 15, y * 20, 128).getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    /** An Exif APP1 (little endian, as phones write it): IFD0 with Orientation 6, Artist, and a GPS IFD at 48.7144 N, 8.7405 E (Calw). */
    static byte[] exifWithGps() {
        ByteBuffer tiff = ByteBuffer.allocate(200).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        // IFD0 at 8: 3 entries
        tiff.putShort((short) 3);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0); // Orientation 6
        tiff.putShort((short) 0x013B).putShort((short) 2).putInt(OWNER.length() + 1).putInt(100);           // Artist at 100
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(130);                            // GPS IFD at 130
        tiff.putInt(0);
        tiff.position(100);
        tiff.put(OWNER.getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
        tiff.position(130);
        tiff.putShort((short) 2);
        tiff.putShort((short) 1).putShort((short) 2).putInt(2).put((byte) 'N').put((byte) 0).putShort((short) 0); // GPSLatitudeRef N
        tiff.putShort((short) 2).putShort((short) 5).putInt(3).putInt(160);                                         // GPSLatitude at 160
        tiff.putInt(0);
        tiff.position(160);
        tiff.putInt(48).putInt(1).putInt(42).putInt(1).putInt(5184).putInt(100); // 48° 42' 51.84"
        byte[] payload = new byte[6 + 200];
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, payload, 0, 6);
        System.arraycopy(tiff.array(), 0, payload, 6, 200);
        return segment(0xE1, payload);
    }

    static byte[] segment(int marker, byte[] payload) {
        int length = payload.length + 2;
        byte[] s = new byte[payload.length + 4];
        s[0] = (byte) 0xFF;
        s[1] = (byte) marker;
        s[2] = (byte) (length >> 8);
        s[3] = (byte) length;
        System.arraycopy(payload, 0, s, 4, payload.length);
        return s;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] from(byte[] bytes, int start) {
        return Arrays.copyOfRange(bytes, start, bytes.length);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aJpegLosesGpsExifXmpAndIptcButKeepsItsPictureAndOrientation() throws Exception {
        byte[] plain = picture("jpeg");
        byte[] xmp = segment(0xE1, ("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description exif:GPSLatitude=\"48,42.864N\" "
                + "dc:creator=\"" + OWNER + "\"/></x:xmpmeta>").getBytes(StandardCharsets.UTF_8));
        byte[] iptc = segment(0xED, ("Photoshop 3.0\08BIM\u0004\u0004\0\0\0\0\0\u0014\u001c\u0002\u0050\0\u0010" + OWNER)
                .getBytes(StandardCharsets.ISO_8859_1));
        // as a phone writes it: SOI, Exif, XMP, then the JFIF-less rest of the encoder's file, IPTC in between
        byte[] withMetadata = concat(Arrays.copyOf(plain, 2), exifWithGps(), xmp, iptc, from(plain, 2));
        assertThat(new String(withMetadata, StandardCharsets.ISO_8859_1)).contains(OWNER, "Exif", "GPSLatitude");

        byte[] stripped = PhotoMetadata.strip(withMetadata, "image/jpeg");

        String text = new String(stripped, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain(OWNER).doesNotContain("GPS").doesNotContain("xmpmeta").doesNotContain("Photoshop");
        assertThat(indexOf(stripped, new byte[] {'N', 0})).as("no GPSLatitudeRef left").isEqualTo(-1);
        // the only Exif left is the orientation
        int exif = indexOf(stripped, "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(exif).isPositive();
        assertThat(PhotoMetadata.exifOrientation(stripped, exif, ((stripped[exif - 2] & 0xFF) << 8 | (stripped[exif - 1] & 0xFF)) - 2))
                .isEqualTo(6);
        assertThat(stripped.length).isLessThan(plain.length + 40);
        // the compressed picture is unchanged, and the file still shows the same picture
        byte[] sos = {(byte) 0xFF, (byte) 0xDA};
        assertThat(from(stripped, indexOf(stripped, sos))).isEqualTo(from(plain, indexOf(plain, sos)));
        BufferedImage shown = ImageIO.read(new ByteArrayInputStream(stripped));
        assertThat(shown.getWidth()).isEqualTo(16);
        assertThat(shown.getHeight()).isEqualTo(12);
        // a clean photo passes through as it is
        assertThat(PhotoMetadata.strip(plain, "image/jpeg")).isEqualTo(plain);
    }

    private static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        b.put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    private static List<String> chunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        int pos = 8;
        while (pos + 8 <= png.length) {
            int length = ByteBuffer.wrap(png, pos, 4).getInt();
            types.add(new String(png, pos + 4, 4, StandardCharsets.US_ASCII));
            pos += 12 + length;
        }
        return types;
    }

    @Test
    void aPngLosesItsExifAndTextChunksButKeepsItsPicture() throws Exception {
        byte[] plain = picture("png");
        int afterHeader = 8 + 12 + 13; // signature, IHDR
        byte[] exifPayload = from(exifWithGps(), 4 + 6); // the TIFF structure without the JPEG and Exif headers
        byte[] withMetadata = concat(Arrays.copyOf(plain, afterHeader),
                chunk("eXIf", exifPayload),
                chunk("tEXt", ("Author\0" + OWNER).getBytes(StandardCharsets.ISO_8859_1)),
                chunk("iTXt", ("Description\0\0\0\0\0Schlagloch vor Bahnhofstr. 12, " + OWNER).getBytes(StandardCharsets.UTF_8)),
                chunk("zTXt", ("Comment\0\0" + "x").getBytes(StandardCharsets.ISO_8859_1)),
                chunk("tIME", new byte[] {0x07, (byte) 0xEA, 12, 4, 10, 30, 0}),
                from(plain, afterHeader));
        assertThat(chunkTypes(withMetadata)).contains("eXIf", "tEXt", "iTXt", "zTXt", "tIME");

        byte[] stripped = PhotoMetadata.strip(withMetadata, "image/png");

        assertThat(chunkTypes(stripped)).doesNotContain("eXIf", "tEXt", "iTXt", "zTXt", "tIME").contains("IHDR", "IDAT", "IEND");
        assertThat(new String(stripped, StandardCharsets.ISO_8859_1)).doesNotContain(OWNER).doesNotContain("Bahnhofstr");
        assertThat(stripped).isEqualTo(PhotoMetadata.strip(plain, "image/png"));
        BufferedImage shown = ImageIO.read(new ByteArrayInputStream(stripped));
        assertThat(shown.getWidth()).isEqualTo(16);
        assertThat(shown.getRGB(3, 4)).isEqualTo(ImageIO.read(new ByteArrayInputStream(plain)).getRGB(3, 4));
    }

    @Test
    void filesThatAreNotWhatTheyClaimAreRefusedNotStoredAsTheyCame() {
        assertThatThrownBy(() -> PhotoMetadata.strip(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1, 0x7F, 0x7F, 1},
                "image/jpeg")).isInstanceOf(PhotoMetadata.Unreadable.class);
        assertThatThrownBy(() -> PhotoMetadata.strip("not a png".getBytes(StandardCharsets.US_ASCII), "image/png"))
                .isInstanceOf(PhotoMetadata.Unreadable.class);
    }
}
