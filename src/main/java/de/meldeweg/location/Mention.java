package de.meldeweg.location;

/**
 * A place named in a report: a street (perhaps with house number), a named place, a district, or
 * the location the citizen shared in WhatsApp.
 *
 * @param position where in the text it was named (characters from the start), for the order
 */
public record Mention(Kind kind, String name, String houseNumber, String postcode, String district, Double latitude,
                      Double longitude, int position) {

    public enum Kind { STREET, PLACE, DISTRICT, SHARED }

    /** The location the citizen shared in WhatsApp (a point, named by its coordinates). */
    public static Mention shared(double latitude, double longitude) {
        String name = String.format(java.util.Locale.ROOT, "Geteilter Standort %.5f, %.5f", latitude, longitude);
        return new Mention(Kind.SHARED, name, null, null, null, latitude, longitude, 0);
    }

    public boolean hasCoordinates() {
        return latitude != null && longitude != null;
    }

    /**
     * As a clerk reads it and as the {@code X-Meldeweg-Location} header carries it:
     * {@code Bischofstraße 12, 75365 Calw} for a street, the name for a place or district.
     */
    public String label(String city) {
        if (kind != Kind.STREET) {
            return name;
        }
        StringBuilder label = new StringBuilder(name);
        if (houseNumber != null) {
            label.append(' ').append(houseNumber);
        }
        String town = ((postcode == null ? "" : postcode) + " " + (city == null ? "" : city)).strip();
        if (!town.isEmpty()) {
            label.append(", ").append(town);
        }
        return label.toString();
    }

    /** The house number as a number (12 for "12a"), or null. */
    public Integer houseNumberValue() {
        if (houseNumber == null) {
            return null;
        }
        String digits = houseNumber.replaceAll("\\D", "");
        return digits.isEmpty() || digits.length() > 5 ? null : Integer.valueOf(digits);
    }

    /** An OpenStreetMap link to the point, or null without coordinates. */
    public String mapUrl() {
        return hasCoordinates() ? mapUrl(latitude, longitude) : null;
    }

    public static String mapUrl(double latitude, double longitude) {
        return String.format(java.util.Locale.ROOT, "https://www.openstreetmap.org/?mlat=%.5f&mlon=%.5f#map=18/%.5f/%.5f",
                latitude, longitude, latitude, longitude);
    }
}
