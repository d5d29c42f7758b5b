package de.meldeweg.location;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import de.meldeweg.location.PlaceText.Token;
import de.meldeweg.location.StreetDirectory.Contents;
import de.meldeweg.location.StreetDirectory.NamedPlace;
import de.meldeweg.location.StreetDirectory.Street;

/**
 * Finds the streets (with house number), named places and districts of the street directory in a
 * report's text.
 *
 * <ul>
 *   <li>Case, umlauts and the ways of writing a street's ending do not matter for names ending like
 *       a street ({@code Bischofstr. 12}, {@code bischofstrasse}, {@code Altburger Str}); other
 *       names (e.g. {@code Am Brühl}) must be written with a capital letter, as names are.</li>
 *   <li>Typos: one in a name of 7 to 11 letters, two from 12 letters, never in the first two
 *       letters, and never where the written word is an ordinary word (the classifier's keywords and
 *       common words: {@code Fußweg} is no typo of a {@code Nußweg}).</li>
 *   <li>House number: right after the street ({@code Badstraße 27}, {@code Badstraße vor Nr. 27},
 *       {@code Lederstr. 12a}), or just before it ({@code vor Hausnummer 12 in der Bahnhofstraße});
 *       not a number followed by a unit ({@code Badstraße 3 Tage}).</li>
 *   <li>Several places in one text ({@code Ecke Lederstraße/Marktplatz}): the primary one is the
 *       first street named; without a street the first named place; without either the first
 *       district. All others are listed as "also named".</li>
 * </ul>
 */
public class PlaceRecognizer {

    /** Words that are never taken for a misspelt name, in addition to the classifier's keywords. */
    static final Set<String> ORDINARY = Set.of(
            "strasse", "strassen", "str", "weg", "wege", "gasse", "platz", "gehweg", "fussweg", "radweg", "feldweg", "waldweg",
            "wanderweg", "fussgaengerweg", "spielplatz", "parkplatz", "sportplatz", "schulhof", "hinterhof", "innenhof",
            "bushaltestelle", "haltestelle", "kreuzung", "einfahrt", "ausfahrt", "kreisverkehr", "bruecke", "gehwege",
            "radwege", "parkplaetze", "spielplaetze", "hauptstrasse", "nebenstrasse", "seitenstrasse", "landstrasse",
            "bundesstrasse", "einbahnstrasse", "zufahrt", "strassenlaterne", "strassenlaternen", "strassenschild",
            "bitte", "danke", "vielen", "hallo", "guten", "schon", "wieder", "seit", "heute", "gestern", "morgen",
            "mehrere", "wochen", "tagen", "stunden", "leider", "kaputt", "defekt", "immer", "ueberall");

    private static final Set<String> UNITS = Set.of("m", "meter", "metern", "km", "cm", "tag", "tage", "tagen", "woche", "wochen",
            "monat", "monate", "monaten", "jahr", "jahre", "jahren", "stunde", "stunden", "minute", "minuten", "uhr", "mal", "x",
            "prozent", "euro", "stueck", "autos", "kinder", "leute", "personen", "days", "weeks", "hours", "min", "h");
    private static final Pattern NUMBER_AFTER = Pattern.compile(
            "^[\\s,.]*(?:(?:vor|bei|neben|gegenüber|gegenueber|hinter|höhe|hoehe|nähe|naehe|ggü\\.?|an|am|auf)\\s+(?:der\\s+|dem\\s+)?)?"
                    + "(?:(?:haus)?(?:nr\\.?|nummer|no\\.?)\\s*)?(\\d{1,4})(\\s?[a-hA-H](?![\\p{L}]))?(?![\\d]|[.:,/]\\d)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern NUMBER_BEFORE = Pattern.compile(
            "(?:hausnummer|hausnr\\.?|haus\\s+nr\\.?|haus|nr\\.?|nummer)\\s*(\\d{1,4})(\\s?[a-hA-H])?\\s+(?:in|an|auf)\\s+(?:der|dem|den)?\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern NEXT_WORD = Pattern.compile("^\\s*([\\p{L}%]+)");
    private static final int MAX_WORDS = 5;

    private final Supplier<Contents> directory;
    private final Supplier<Set<String>> ordinaryWords;
    private final String city;
    private volatile Index index;

    public PlaceRecognizer(Supplier<Contents> directory, Supplier<Set<String>> ordinaryWords, String city) {
        this.directory = directory;
        this.ordinaryWords = ordinaryWords;
        this.city = city;
    }

    private enum EntryKind { STREET, PLACE, DISTRICT }

    private record Entry(EntryKind kind, String compact, boolean streetLike, List<String> capitals, Street street, NamedPlace place,
                         String district) {
    }

    private record Index(Contents contents, Map<String, List<Entry>> exact, List<Entry> all) {
    }

    private Index index() {
        Contents contents = directory.get();
        Index current = index;
        if (current != null && current.contents() == contents) {
            return current;
        }
        Map<String, List<Entry>> exact = new LinkedHashMap<>();
        List<Entry> all = new ArrayList<>();
        for (Street street : contents.streets()) {
            add(exact, all, EntryKind.STREET, street.name(), street, null, null);
        }
        for (NamedPlace place : contents.places()) {
            add(exact, all, EntryKind.PLACE, place.name(), null, place, null);
            for (String alias : place.aliases()) {
                add(exact, all, EntryKind.PLACE, alias, null, place, null);
            }
        }
        String cityCompact = PlaceText.compact(city == null ? "" : city);
        for (String district : contents.districts()) {
            if (!PlaceText.compact(district).equals(cityCompact)) {
                add(exact, all, EntryKind.DISTRICT, district, null, null, district);
            }
        }
        Index built = new Index(contents, exact, all);
        index = built;
        return built;
    }

    private static void add(Map<String, List<Entry>> exact, List<Entry> all, EntryKind kind, String name, Street street,
                            NamedPlace place, String district) {
        List<Token> tokens = PlaceText.tokens(name);
        if (tokens.isEmpty() || tokens.size() > MAX_WORDS) {
            return;
        }
        String compact = PlaceText.compact(tokens.stream().map(Token::norm).toList());
        boolean streetLike = PlaceText.streetLike(compact);
        // Names such as "Am Brühl" or "Bahnhof" must be written as names (capitalised) unless they
        // are abbreviations such as ZOB; street-like names may be written in any case.
        List<String> capitals = tokens.stream().filter(Token::capitalised).map(Token::norm).toList();
        Entry entry = new Entry(kind, compact, streetLike, capitals, street, place, district);
        exact.computeIfAbsent(compact, k -> new ArrayList<>()).add(entry);
        all.add(entry);
    }

    private record Ordinary(Set<String> supplied, Set<String> all) {
    }

    private volatile Ordinary ordinary;

    /** The built-in ordinary words and the supplied ones, joined again only when the supplied set changes. */
    private Set<String> ordinary() {
        Set<String> supplied = ordinaryWords.get();
        Ordinary current = ordinary;
        if (current == null || current.supplied() != supplied) {
            Set<String> all = new HashSet<>(ORDINARY);
            all.addAll(supplied);
            current = new Ordinary(supplied, Set.copyOf(all));
            ordinary = current;
        }
        return current.all();
    }

    /** All places named in the text, in the order they were named. */
    public List<Mention> mentions(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        Index index = index();
        if (index.all().isEmpty()) {
            return List.of();
        }
        Set<String> ordinary = ordinary();
        List<Token> tokens = PlaceText.tokens(text);
        List<Match> matches = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            Match best = null;
            if (!tokens.get(i).number()) {
                for (int n = Math.min(MAX_WORDS, tokens.size() - i); n >= 1 && best == null; n--) {
                    best = match(index, text, tokens, i, n, ordinary);
                }
            }
            if (best == null) {
                i++;
                continue;
            }
            matches.add(best);
            i += best.words();
        }
        Set<String> districtsNamed = new HashSet<>();
        for (Match match : matches) {
            if (match.entries().get(0).kind() == EntryKind.DISTRICT) {
                districtsNamed.add(match.entries().get(0).district());
            }
        }
        List<Mention> mentions = new ArrayList<>();
        for (Match match : matches) {
            Mention mention = mention(match, text, tokens, districtsNamed);
            if (mentions.stream().noneMatch(m -> m.kind() == mention.kind() && m.name().equals(mention.name())
                    && java.util.Objects.equals(m.houseNumber(), mention.houseNumber()))) {
                mentions.add(mention);
            }
        }
        return List.copyOf(mentions);
    }

    /** The primary place: the first street, else the first named place, else the first district. */
    public static Optional<Mention> primary(List<Mention> mentions) {
        for (Mention.Kind kind : List.of(Mention.Kind.SHARED, Mention.Kind.STREET, Mention.Kind.PLACE, Mention.Kind.DISTRICT)) {
            for (Mention mention : mentions) {
                if (mention.kind() == kind) {
                    return Optional.of(mention);
                }
            }
        }
        return Optional.empty();
    }

    private record Match(List<Entry> entries, int start, int words) {
    }

    private Match match(Index index, String text, List<Token> tokens, int start, int words, Set<String> ordinary) {
        List<String> norms = new ArrayList<>();
        for (int k = start; k < start + words; k++) {
            Token token = tokens.get(k);
            if (token.number()) {
                return null;
            }
            if (k > start && !joinable(text.substring(tokens.get(k - 1).end(), token.start()))) {
                return null;
            }
            norms.add(token.norm());
        }
        String compact = PlaceText.compact(norms);
        List<Entry> exact = index.exact().get(compact);
        if (exact != null) {
            List<Entry> written = exact.stream().filter(e -> writtenAsName(e, tokens, start, words)).toList();
            if (!written.isEmpty()) {
                return new Match(written, start, words);
            }
            return null;
        }
        int allowed = PlaceText.typosAllowed(compact);
        if (allowed == 0 || ordinary.contains(compact) || (words == 1 && ordinary.contains(norms.get(0)))) {
            return null;
        }
        int bestDistance = allowed + 1;
        List<Entry> best = new ArrayList<>();
        for (Entry entry : index.all()) {
            if (entry.kind() == EntryKind.DISTRICT && !entry.compact().equals(compact) && entry.compact().length() < 7) {
                continue;
            }
            if (!(entry.streetLike() || entry.compact().length() >= 8) || entry.compact().length() < 7
                    || !compact.regionMatches(0, entry.compact(), 0, 2)) {
                continue;
            }
            int limit = Math.min(allowed, PlaceText.typosAllowed(entry.compact()));
            int d = PlaceText.distance(compact, entry.compact(), limit);
            if (d > limit) {
                continue;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best.clear();
                best.add(entry);
            } else if (d == bestDistance && d <= allowed) {
                best.add(entry);
            }
        }
        if (best.isEmpty() || bestDistance > allowed) {
            return null;
        }
        // Two different names equally close: too uncertain to name either.
        String name = name(best.get(0));
        if (best.stream().anyMatch(e -> !name(e).equals(name))) {
            return null;
        }
        List<Entry> written = best.stream().filter(e -> e.streetLike() || tokens.get(start + words - 1).capitalised()).toList();
        return written.isEmpty() ? null : new Match(written, start, words);
    }

    private static String name(Entry entry) {
        return switch (entry.kind()) {
            case STREET -> entry.street().name();
            case PLACE -> entry.place().name();
            case DISTRICT -> entry.district();
        };
    }

    /**
     * Named places and districts in any case ("am bahnhof"); street names ending like a street too
     * ("bischofstrasse"); other street names, which may be everyday phrases ("Im Tal", "Am Bach"),
     * only when written as names, with a capital letter.
     */
    private static boolean writtenAsName(Entry entry, List<Token> tokens, int start, int words) {
        if (entry.kind() != EntryKind.STREET || entry.streetLike() || entry.capitals().isEmpty()) {
            return true;
        }
        return tokens.get(start + words - 1).capitalised();
    }

    private static boolean joinable(String between) {
        String s = between.strip();
        return !between.contains("\n") && (s.isEmpty() || s.equals("-") || s.equals("."));
    }

    private Mention mention(Match match, String text, List<Token> tokens, Set<String> districtsNamed) {
        Entry entry = match.entries().get(0);
        int position = tokens.get(match.start()).start();
        if (entry.kind() == EntryKind.STREET) {
            // The same street name in several districts: the district named in the text decides.
            for (Entry candidate : match.entries()) {
                if (candidate.kind() == EntryKind.STREET && candidate.street().district() != null
                        && districtsNamed.contains(candidate.street().district())) {
                    entry = candidate;
                    break;
                }
            }
            if (entry.kind() == EntryKind.STREET) {
                Street street = entry.street();
                int end = tokens.get(match.start() + match.words() - 1).end();
                String number = numberAfter(text.substring(end));
                if (number == null) {
                    number = numberBefore(text.substring(0, position));
                }
                return new Mention(Mention.Kind.STREET, street.name(), number, street.postcode(), street.district(),
                        street.latitude(), street.longitude(), position);
            }
        }
        if (entry.kind() == EntryKind.PLACE) {
            NamedPlace place = entry.place();
            return new Mention(Mention.Kind.PLACE, place.name(), null, null, null, place.latitude(), place.longitude(), position);
        }
        return new Mention(Mention.Kind.DISTRICT, entry.district(), null, null, entry.district(), null, null, position);
    }

    static String numberAfter(String rest) {
        Matcher m = NUMBER_AFTER.matcher(rest);
        if (!m.find()) {
            return null;
        }
        Matcher next = NEXT_WORD.matcher(rest.substring(m.end()));
        if (next.find() && UNITS.contains(PlaceText.spell(next.group(1)))) {
            return null;
        }
        if (m.group(2) == null) {
            Matcher unit = NEXT_WORD.matcher(rest.substring(m.end(1)));
            if (unit.find() && UNITS.contains(PlaceText.spell(unit.group(1)))) {
                return null;
            }
        }
        return m.group(1) + (m.group(2) == null ? "" : m.group(2).strip().toLowerCase(Locale.ROOT));
    }

    static String numberBefore(String before) {
        Matcher m = NUMBER_BEFORE.matcher(before);
        if (!m.find()) {
            return null;
        }
        return m.group(1) + (m.group(2) == null ? "" : m.group(2).strip().toLowerCase(Locale.ROOT));
    }
}
