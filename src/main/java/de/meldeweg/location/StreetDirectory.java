package de.meldeweg.location;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The city's streets ({@code streets.csv}: {@code name;postcode;district;lat;lon}) and named places
 * ({@code places.csv}: {@code name;aliases;lat;lon}, aliases separated by {@code |}), held in memory.
 * Loaded at start-up and by the route {@code location-load} whenever one of the files changes. A
 * row that cannot be read is left out with its line number in the log; the other rows count. A
 * file without its header line is refused as a whole and the directory in use stays as it was.
 */
@Component("streetDirectory")
public class StreetDirectory implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(StreetDirectory.class);
    static final List<String> STREET_HEADER = List.of("name", "postcode", "district", "lat", "lon");
    static final List<String> PLACE_HEADER = List.of("name", "aliases", "lat", "lon");

    /** A street of the city; lat/lon of a point on it, or null. */
    public record Street(String name, String postcode, String district, Double latitude, Double longitude) {
    }

    /** A place people name without a street: Marktplatz, Bahnhof, ZOB, Hallenbad, a school, a park. */
    public record NamedPlace(String name, List<String> aliases, Double latitude, Double longitude) {
    }

    /** What is loaded: the streets, the places, and the districts named in the street file. */
    public record Contents(List<Street> streets, List<NamedPlace> places, List<String> districts) {
    }

    private final LocationProperties properties;
    private volatile Contents contents = new Contents(List.of(), List.of(), List.of());

    public StreetDirectory(LocationProperties properties) {
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        load();
    }

    public Contents contents() {
        return contents;
    }

    /** Reads both files again; called at start-up and by the route when a file changed. */
    public synchronized void load() {
        Path dir = Path.of(properties.dir());
        List<Street> streets = readStreets(dir.resolve(properties.streetsFile()));
        List<NamedPlace> places = readPlaces(dir.resolve(properties.placesFile()));
        Contents current = contents;
        contents = new Contents(
                streets == null ? current.streets() : streets,
                places == null ? current.places() : places,
                districts(streets == null ? current.streets() : streets));
        LOG.info("Street directory loaded: {} streets, {} districts, {} named places", contents.streets().size(),
                contents.districts().size(), contents.places().size());
    }

    private static List<String> districts(List<Street> streets) {
        Map<String, String> districts = new LinkedHashMap<>();
        for (Street street : streets) {
            if (street.district() != null && !street.district().isBlank()) {
                districts.putIfAbsent(street.district().strip(), street.district().strip());
            }
        }
        return List.copyOf(districts.values());
    }

    /** The rows of a file, or null when the file is missing or has not the expected header. */
    private static List<String[]> rows(Path file, List<String> header) {
        if (!Files.isRegularFile(file)) {
            LOG.warn("Street directory file {} is missing: no {} are recognised in reports", file.toAbsolutePath(),
                    header.size() == 5 ? "streets" : "named places");
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Street directory file {} cannot be read ({}); the directory in use stays", file.toAbsolutePath(), e.getMessage());
            return null;
        }
        List<String[]> rows = new ArrayList<>();
        boolean headerSeen = false;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).replace("\uFEFF", "").strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(";", -1);
            if (!headerSeen) {
                List<String> found = java.util.Arrays.stream(cells).map(c -> c.strip().toLowerCase(java.util.Locale.ROOT)).toList();
                if (!found.equals(header)) {
                    LOG.warn("Street directory file {} is refused: its first line must be '{}', is '{}'; the directory in use stays",
                            file.toAbsolutePath(), String.join(";", header), line);
                    return null;
                }
                headerSeen = true;
                continue;
            }
            if (cells.length != header.size() || cells[0].isBlank()) {
                LOG.warn("{}, line {}: expected {} fields separated by ';' with a name; line left out", file.getFileName(), n + 1,
                        header.size());
                continue;
            }
            String[] row = new String[cells.length + 1];
            for (int i = 0; i < cells.length; i++) {
                row[i] = cells[i].strip();
            }
            row[cells.length] = String.valueOf(n + 1);
            rows.add(row);
        }
        return rows;
    }

    static List<Street> readStreets(Path file) {
        List<String[]> rows = rows(file, STREET_HEADER);
        if (rows == null) {
            return null;
        }
        List<Street> streets = new ArrayList<>();
        for (String[] row : rows) {
            Double[] point = point(row[3], row[4], file, row[5]);
            if (point == null) {
                continue;
            }
            streets.add(new Street(row[0], emptyToNull(row[1]), emptyToNull(row[2]), point[0], point[1]));
        }
        return List.copyOf(streets);
    }

    static List<NamedPlace> readPlaces(Path file) {
        List<String[]> rows = rows(file, PLACE_HEADER);
        if (rows == null) {
            return null;
        }
        List<NamedPlace> places = new ArrayList<>();
        for (String[] row : rows) {
            Double[] point = point(row[2], row[3], file, row[4]);
            if (point == null) {
                continue;
            }
            List<String> aliases = java.util.Arrays.stream(row[1].split("\\|")).map(String::strip).filter(a -> !a.isEmpty()).toList();
            places.add(new NamedPlace(row[0], aliases, point[0], point[1]));
        }
        return List.copyOf(places);
    }

    /** lat/lon: both empty, or both numbers in range (a decimal comma is taken too). Null: row is bad. */
    private static Double[] point(String lat, String lon, Path file, String line) {
        if (lat.isEmpty() && lon.isEmpty()) {
            return new Double[] {null, null};
        }
        try {
            double latitude = Double.parseDouble(lat.replace(',', '.'));
            double longitude = Double.parseDouble(lon.replace(',', '.'));
            if (Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180) {
                return new Double[] {latitude, longitude};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("{}, line {}: lat/lon must both be empty or decimal degrees (e.g. 48.7140;8.7400); line left out",
                file.getFileName(), line);
        return null;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
