package de.meldeweg.replies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Authentication-Results as OpenDMARC, rspamd and Exchange Online write them (RFC 8601). */
class AuthenticationResultsTest {

    private static final String OURS = "mx.stadt-calw.example";
    private static final List<String> DMARC = List.of("dmarc=pass");

    private static boolean passes(String... headers) {
        return AuthenticationResults.judge(headers, OURS, DMARC, false).passed();
    }

    @Test
    void ourDmarcPassCountsWithCommentsFoldingVersionAndCase() {
        assertThat(passes("mx.stadt-calw.example; dmarc=pass (p=reject dis=none) header.from=stadt-calw.example")).isTrue();
        assertThat(passes("MX.Stadt-Calw.example 1;\r\n\tspf=pass smtp.mailfrom=stadt-calw.example;\r\n\tDMARC=Pass header.from=stadt-calw.example"))
                .isTrue();
        // A semicolon inside a comment does not end the result.
        assertThat(passes("mx.stadt-calw.example; dkim=pass (2048-bit key; unprotected) header.d=stadt-calw.example; dmarc=pass")).isTrue();
    }

    @Test
    void otherServersHeadersAreIgnoredAndOursOnTopDecides() {
        assertThat(passes("mx.example.net; dmarc=pass header.from=stadt-calw.example")).isFalse();
        assertThat(passes("mx.stadt-calw.example; dmarc=fail header.from=stadt-calw.example",
                "mx.stadt-calw.example; dmarc=pass header.from=stadt-calw.example")).isFalse();
        assertThat(passes("mx.stadt-calw.example; dkim=pass", "mx.stadt-calw.example; dmarc=pass")).isTrue();
        assertThat(passes("mx.stadt-calw.example; none")).isFalse();
        // "mx.stadt-calw.example.evil.net" is another server.
        assertThat(passes("mx.stadt-calw.example.evil.net; dmarc=pass")).isFalse();
        assertThat(passes("mx.stadt-calw.example (dmarc=pass); dmarc=fail")).isFalse();
    }

    @Test
    void withoutOurHeaderOnlyTheInternalRelayExceptionPasses() {
        assertThat(AuthenticationResults.judge(null, OURS, DMARC, false).passed()).isFalse();
        assertThat(AuthenticationResults.judge(null, OURS, DMARC, true).passed()).isTrue();
        assertThat(AuthenticationResults.judge(new String[] {"mx.example.net; dmarc=pass"}, OURS, DMARC, true).passed()).isTrue();
        // rspamd's result for authenticated submission, when the city lists it.
        assertThat(AuthenticationResults.judge(new String[] {"mx.stadt-calw.example; auth=pass smtp.auth=tiefbauamt"}, OURS,
                List.of("dmarc=pass", "auth=pass"), false).passed()).isTrue();
        assertThat(AuthenticationResults.judge(new String[] {"anything"}, "", DMARC, false).passed()).isTrue();
    }
}
