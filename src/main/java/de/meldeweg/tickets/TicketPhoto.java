package de.meldeweg.tickets;

import java.util.Arrays;
import java.util.Objects;

/** One photo of a report, as it goes into a ticket. {@code caption} may be null. */
public record TicketPhoto(String fileName, String mimeType, byte[] content, String caption) {

    public TicketPhoto {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mimeType, "mimeType");
        content = Objects.requireNonNull(content, "content").clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TicketPhoto that
                && fileName.equals(that.fileName)
                && mimeType.equals(that.mimeType)
                && Arrays.equals(content, that.content)
                && Objects.equals(caption, that.caption);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fileName, mimeType, Arrays.hashCode(content), caption);
    }

    /** Without the bytes and without the caption (citizen text stays out of log lines). */
    @Override
    public String toString() {
        return "TicketPhoto[" + fileName + ", " + mimeType + ", " + content.length + " bytes]";
    }
}
