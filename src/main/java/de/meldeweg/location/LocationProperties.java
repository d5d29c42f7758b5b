package de.meldeweg.location;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code meldeweg.location.*}: the street directory, and when two cases count as similar.
 *
 * @param dir                  folder of {@code streets.csv} and {@code places.csv}
 * @param streetsFile          file name of the street directory ({@code name;postcode;district;lat;lon})
 * @param placesFile           file name of the named places ({@code name;aliases;lat;lon})
 * @param city                 the city's name in the location line ({@code Bischofstraße 12, 75365 Calw})
 * @param askForPlace          the receipt of a report without any place asks once where it is
 * @param similarWindow        how far back an open case of the same category at the same place counts as similar
 * @param similarWindows       per category code, a different window (e.g. {@code WINTERDIENST: P2D})
 * @param similarExcluded      category codes never linked as similar (praise is never "the same problem")
 * @param houseNumberDistance  house numbers at most this far apart on the same street count as the same place
 */
@Validated
@ConfigurationProperties("meldeweg.location")
public record LocationProperties(String dir, String streetsFile, String placesFile, String city, boolean askForPlace,
                                 Duration similarWindow, Map<String, Duration> similarWindows, List<String> similarExcluded,
                                 int houseNumberDistance) {

    public LocationProperties {
        if (dir == null || dir.isBlank() || streetsFile == null || streetsFile.isBlank() || placesFile == null || placesFile.isBlank()) {
            throw new IllegalArgumentException("meldeweg.location.dir, .streets-file and .places-file must be set");
        }
        if (similarWindow == null || similarWindow.isNegative()) {
            throw new IllegalArgumentException("meldeweg.location.similar-window must be a duration of zero or more, e.g. P14D");
        }
        similarWindows = similarWindows == null ? Map.of() : Map.copyOf(similarWindows);
        similarWindows.forEach((code, window) -> {
            if (window == null || window.isNegative()) {
                throw new IllegalArgumentException("meldeweg.location.similar-windows." + code + " must be a duration of zero or more");
            }
        });
        similarExcluded = similarExcluded == null ? List.of() : List.copyOf(similarExcluded);
        if (houseNumberDistance < 0) {
            throw new IllegalArgumentException("meldeweg.location.house-number-distance must be 0 or more, is " + houseNumberDistance);
        }
        city = city == null ? "" : city.strip();
    }

    /** How far back similar cases of this category are looked for; zero: never similar. */
    public Duration windowFor(String categoryCode) {
        if (categoryCode == null || similarExcluded.contains(categoryCode)) {
            return Duration.ZERO;
        }
        return similarWindows.getOrDefault(categoryCode, similarWindow);
    }
}
