package de.meldeweg.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import javax.sql.DataSource;

import de.meldeweg.privacy.PersonalDataCipher;

/**
 * Searches everything Meldeweg keeps for a citizen's personal data: every text and binary column
 * of every table (encrypted columns decrypted first, raw webhook bodies read as UTF-8), the files
 * in the outbox folder, and a captured log. Phone numbers are found in any spelling
 * ({@code 4915112345678}, {@code +49 151 12345678}, {@code 015112345678}) by comparing digits.
 * Used by the tests that prove an erasure or a purge leaves nothing behind.
 */
public final class PersonalDataSearch {

    private final DataSource dataSource;
    private final PersonalDataCipher cipher;
    private final List<String> phoneDigits = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();

    private PersonalDataSearch(DataSource dataSource, PersonalDataCipher cipher) {
        this.dataSource = dataSource;
        this.cipher = cipher;
    }

    public static PersonalDataSearch in(DataSource dataSource, PersonalDataCipher cipher) {
        return new PersonalDataSearch(dataSource, cipher);
    }

    /** A phone number in international form without '+', e.g. {@code 4915112345678}. */
    public PersonalDataSearch phone(String international) {
        String digits = international.replaceAll("\\D", "");
        phoneDigits.add(digits);
        if (digits.startsWith("49")) {
            phoneDigits.add("0" + digits.substring(2));
        }
        return this;
    }

    /** A profile name, message text, caption or any other literal that must not remain. */
    public PersonalDataSearch text(String... literals) {
        for (String literal : literals) {
            texts.add(literal.toLowerCase(Locale.ROOT));
        }
        return this;
    }

    /** Where something was found: {@code table.column (row n)}, {@code file name} or {@code log}. */
    public List<String> findings(Path outboxDir, String capturedLog) {
        List<String> found = new ArrayList<>(findingsInDatabase());
        found.addAll(findingsInFiles(outboxDir));
        if (capturedLog != null && matches(capturedLog)) {
            found.add("log");
        }
        return found;
    }

    public List<String> findingsInDatabase() {
        List<String> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            for (Map.Entry<String, List<String>> table : textColumns(connection).entrySet()) {
                for (String column : table.getValue()) {
                    String sql = "SELECT " + column + " FROM " + table.getKey() + " WHERE " + column + " IS NOT NULL";
                    try (var statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                        int row = 0;
                        while (rows.next()) {
                            row++;
                            Object value = rows.getObject(1);
                            String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
                            // Encrypted at rest: contact data under its own key, texts and answers, raw webhook bodies.
                            if (matches(text) || matches(decrypt(text)) || matches(decryptAddress(text))
                                    || value instanceof byte[] sealed && matches(open(sealed))) {
                                found.add(table.getKey() + "." + column + " (row " + row + ")");
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    public List<String> findingsInFiles(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (matches(new String(Files.readAllBytes(file), StandardCharsets.UTF_8))) {
                    found.add(dir.relativize(file).toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    boolean matches(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        for (String text : texts) {
            if (lower.contains(text)) {
                return true;
            }
        }
        if (!phoneDigits.isEmpty()) {
            // Digits separated only by spaces, '-', '/', '(' or ')' count as one number.
            String digits = value.replaceAll("(?<=\\d)[\\s\\-/()]+(?=[\\d(+])", "").replaceAll("[^0-9]+", " ");
            for (String phone : phoneDigits) {
                if (digits.contains(phone)) {
                    return true;
                }
            }
        }
        return false;
    }

    private String decrypt(String stored) {
        try {
            return cipher.decrypt(stored);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String decryptAddress(String stored) {
        try {
            return new de.meldeweg.privacy.PhoneNumberCipher(cipher).decrypt(stored);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String open(byte[] sealed) {
        try {
            return new String(cipher.openBytes(sealed), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, List<String>> textColumns(Connection connection) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        DatabaseMetaData meta = connection.getMetaData();
        String schema = connection.getSchema();
        try (ResultSet rs = meta.getColumns(null, schema, "%", "%")) {
            while (rs.next()) {
                String table = rs.getString("TABLE_NAME");
                if (table.toLowerCase(Locale.ROOT).startsWith("flyway_")) {
                    continue;
                }
                int type = rs.getInt("DATA_TYPE");
                if (isText(type)) {
                    columns.computeIfAbsent(table, t -> new ArrayList<>()).add(rs.getString("COLUMN_NAME"));
                }
            }
        }
        return columns;
    }

    private static boolean isText(int type) {
        return switch (type) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB,
                 Types.NCLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB, Types.OTHER -> true;
            default -> false;
        };
    }
}
