package de.meldeweg.console;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import de.meldeweg.directory.DirectoryDatabase;

/**
 * The cases page's search: by reference, state, category, department, urgent, held and a date
 * range, newest first, a page at a time. Every filter is a bind parameter; each combination runs
 * on an index of {@code report_case} (V5, V9, V17), so pages stay fast with 100,000 cases.
 * Paging is by key: "weiter" carries the creation time and id of the page's last row
 * ({@code after}), "zurück" those of its first row ({@code before}), so a page deep in the list
 * costs what the first page costs (an OFFSET would read and drop every row before it). A bare
 * {@code page} number without a key still works, by offset.
 */
@Component
public class CaseSearch {

    public static final int PAGE_SIZE = 50;
    private final JdbcTemplate jdbc;
    private final DirectoryDatabase directory;
    private final ConsoleTime time;

    public CaseSearch(JdbcTemplate jdbc, DirectoryDatabase directory, ConsoleTime time) {
        this.jdbc = jdbc;
        this.directory = directory;
        this.time = time;
    }

    public record Filter(String reference, String state, String category, String department, Boolean urgent, Boolean held,
                         LocalDate from, LocalDate to, int page, String after, String before) {
        public Filter(String reference, String state, String category, String department, Boolean urgent, Boolean held,
                      LocalDate from, LocalDate to, int page) {
            this(reference, state, category, department, urgent, held, from, to, page, null, null);
        }
    }

    public record Row(String reference, String state, String category, String department, boolean urgent, String createdAt,
                      String closedAt, String key) {
    }

    /** One page; {@code next} and {@code previous} are the keys for "weiter" and "zurück" (null: no such page). */
    public record Page(List<Row> rows, int page, boolean hasNext, String next, String previous) {
        public boolean hasPrevious() {
            return page > 0;
        }
    }

    /** A row's place in the order: creation time and id, as {@code 2026-12-04T10:15:30.123456Z~4711}. */
    private record Key(Timestamp createdAt, long id) {
        static Key parse(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            int tilde = text.lastIndexOf('~');
            try {
                return new Key(Timestamp.from(java.time.Instant.parse(text.substring(0, tilde))), Long.parseLong(text.substring(tilde + 1)));
            } catch (RuntimeException e) {
                return null; // a mangled link: start from the first page
            }
        }

        static String of(Timestamp createdAt, long id) {
            return createdAt.toInstant() + "~" + id;
        }
    }

    public Page search(Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT reference, state, category_name, department_name, urgent, created_at, closed_at, id "
                + "FROM report_case WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.reference() != null && !filter.reference().isBlank()) {
            sql.append(" AND reference LIKE ?");
            args.add(filter.reference().strip().toUpperCase() + "%");
        }
        if (filter.state() != null && !filter.state().isBlank()) {
            sql.append(" AND state = ?");
            args.add(filter.state());
        }
        if (Boolean.TRUE.equals(filter.held())) {
            sql.append(" AND state = 'REVIEW'");
        }
        if (filter.category() != null && !filter.category().isBlank()) {
            sql.append(" AND category_code = ?");
            args.add(filter.category());
        }
        if (filter.department() != null && !filter.department().isBlank()) {
            sql.append(" AND dept_key = ?");
            args.add(filter.department());
        }
        if (filter.urgent() != null) {
            sql.append(" AND urgent = ?");
            args.add(filter.urgent());
        }
        if (filter.from() != null) {
            sql.append(" AND created_at >= ?");
            args.add(Timestamp.from(filter.from().atStartOfDay(time.zone()).toInstant()));
        }
        if (filter.to() != null) {
            sql.append(" AND created_at < ?");
            args.add(Timestamp.from(filter.to().plusDays(1).atStartOfDay(time.zone()).toInstant()));
        }
        int page = Math.max(0, filter.page());
        Key after = Key.parse(filter.after());
        Key before = after == null ? Key.parse(filter.before()) : null;
        if (after != null) {
            sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
            args.addAll(List.of(after.createdAt(), after.createdAt(), after.id()));
        } else if (before != null) {
            sql.append(" AND (created_at > ? OR (created_at = ? AND id > ?))");
            args.addAll(List.of(before.createdAt(), before.createdAt(), before.id()));
        }
        if (before != null) {
            sql.append(" ORDER BY created_at, id");
        } else {
            sql.append(" ORDER BY created_at DESC, id DESC");
        }
        if (after == null && before == null && page > 0) {
            sql.append(" OFFSET ").append(page * PAGE_SIZE).append(" ROWS");
        }
        sql.append(" FETCH FIRST ").append(PAGE_SIZE + 1).append(" ROWS ONLY");
        List<Row> rows = new ArrayList<>(jdbc.query(sql.toString(), (rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getBoolean(5), time.format(rs.getTimestamp(6)), time.format(rs.getTimestamp(7)),
                Key.of(rs.getTimestamp(6), rs.getLong(8))), args.toArray()));
        boolean more = rows.size() > PAGE_SIZE;
        if (more) {
            rows = rows.subList(0, PAGE_SIZE);
        }
        boolean hasNext;
        if (before != null) {
            java.util.Collections.reverse(rows);
            hasNext = true; // the page we came back from
            if (!more) {
                page = 0; // nothing newer: this is the first page
            }
        } else {
            hasNext = more;
        }
        String next = hasNext && !rows.isEmpty() ? rows.get(rows.size() - 1).key() : null;
        String previous = page > 0 && !rows.isEmpty() ? rows.get(0).key() : null;
        return new Page(rows, page, hasNext, next, previous);
    }

    public record Option(String code, String label) {
    }

    public List<Option> categories() {
        return directory.jdbc().query("SELECT c.code, c.name, d.name FROM category c JOIN department d ON d.dept_key = c.dept_key ORDER BY c.name",
                (rs, n) -> new Option(rs.getString(1), rs.getString(2) + " – " + rs.getString(3)));
    }

    /** Category code to its name, for column heads (statistics). */
    public java.util.Map<String, String> categoryNames() {
        java.util.Map<String, String> names = new java.util.HashMap<>();
        directory.jdbc().query("SELECT code, name FROM category", (org.springframework.jdbc.core.RowCallbackHandler) rs -> names.put(rs.getString(1), rs.getString(2)));
        return names;
    }

    /** Department key to its name, for column heads (statistics). */
    public java.util.Map<String, String> departmentNames() {
        java.util.Map<String, String> names = new java.util.HashMap<>();
        departments().forEach(o -> names.put(o.code(), o.label()));
        return names;
    }

    public List<Option> departments() {
        return directory.jdbc().query("SELECT dept_key, name FROM department ORDER BY name", (rs, n) -> new Option(rs.getString(1), rs.getString(2)));
    }
}
