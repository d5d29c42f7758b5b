package de.meldeweg.replies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code Authentication-Results} headers (RFC 8601) that the city's own mail server
 * writes, and judges a mail by them. Only headers whose authserv-id is ours
 * ({@code meldeweg.mail.imap.authserv-id}) count: anybody can put such a header into a mail, with
 * any verdict, but only our server writes ours, and it writes them on top of what came with the
 * mail. Of several results for one method (a forged {@code dmarc=pass} below our server's
 * {@code dmarc=fail}) the topmost of ours counts. Pure functions, no state.
 */
public final class AuthenticationResults {

    /** The judgement, with a reason for the log (methods and results only, never an address). */
    public record Verdict(boolean passed, String reason) {
    }

    private AuthenticationResults() {
    }

    /**
     * @param headers              the mail's Authentication-Results values, top to bottom (null: none)
     * @param authservId           ours; empty: nothing is checked
     * @param acceptedResults      {@code method=result} pairs of which one must be our topmost result for its method
     * @param acceptUnauthenticated a mail with no header of ours at all passes (internal relay that bypasses the filter)
     */
    public static Verdict judge(String[] headers, String authservId, List<String> acceptedResults, boolean acceptUnauthenticated) {
        if (authservId == null || authservId.isBlank()) {
            return new Verdict(true, "not checked (meldeweg.mail.imap.authserv-id is not set)");
        }
        Map<String, String> topmost = new LinkedHashMap<>();
        boolean ours = false;
        if (headers != null) {
            for (String header : headers) {
                List<String> parts = parts(header);
                if (parts.isEmpty() || !authservIdOf(parts.get(0)).equalsIgnoreCase(authservId.strip())) {
                    continue;
                }
                ours = true;
                for (String resinfo : parts.subList(1, parts.size())) {
                    String[] methodAndResult = methodAndResult(resinfo);
                    if (methodAndResult != null) {
                        topmost.putIfAbsent(methodAndResult[0], methodAndResult[1]);
                    }
                }
            }
        }
        if (!ours) {
            return acceptUnauthenticated ? new Verdict(true, "no Authentication-Results of " + authservId + ", accepted as internal")
                    : new Verdict(false, "no Authentication-Results of " + authservId);
        }
        for (String accepted : acceptedResults) {
            String[] pair = accepted.toLowerCase(Locale.ROOT).split("=", 2);
            if (pair.length == 2 && pair[1].equals(topmost.get(pair[0]))) {
                return new Verdict(true, accepted);
            }
        }
        List<String> seen = new ArrayList<>();
        topmost.forEach((method, result) -> seen.add(method + "=" + result));
        return new Verdict(false, seen.isEmpty() ? "no result of " + authservId : String.join(", ", seen));
    }

    /** The header without comments, unfolded, split at the semicolons. */
    static List<String> parts(String header) {
        if (header == null) {
            return List.of();
        }
        StringBuilder out = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '\\' && i + 1 < header.length()) {
                if (depth == 0) {
                    out.append(c).append(header.charAt(i + 1));
                }
                i++;
            } else if (c == '"' && depth == 0) {
                quoted = !quoted;
                out.append(c);
            } else if (c == '(' && !quoted) {
                depth++;
            } else if (c == ')' && !quoted && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c == '\r' || c == '\n' || c == '\t' ? ' ' : c);
            }
        }
        List<String> parts = new ArrayList<>();
        for (String part : out.toString().split(";")) {
            if (!part.isBlank()) {
                parts.add(part.strip());
            }
        }
        return parts;
    }

    /** {@code mx.example.org 1} (authserv-id and optional version): the id. */
    private static String authservIdOf(String first) {
        String[] words = first.strip().split("\\s+");
        return words[0];
    }

    /** {@code dmarc=pass header.from=example.org}: {@code [dmarc, pass]}; {@code none}: null. */
    private static String[] methodAndResult(String resinfo) {
        String word = resinfo.strip().split("\\s+")[0];
        int eq = word.indexOf('=');
        if (eq <= 0) {
            return null;
        }
        String method = word.substring(0, eq).toLowerCase(Locale.ROOT);
        int slash = method.indexOf('/');
        if (slash > 0) {
            method = method.substring(0, slash);
        }
        return new String[] {method, word.substring(eq + 1).toLowerCase(Locale.ROOT)};
    }
}
