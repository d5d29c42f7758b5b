package de.meldeweg.replies;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How far the reply mailbox trusts a mail ({@code meldeweg.mail.imap.*}; host, port and
 * credentials are endpoint parameters of the route {@code replies-mail}). Defaults are in
 * {@code application.yaml}.
 *
 * @param authservId            the authserv-id the city's mail server writes into {@code Authentication-Results}
 *                              (RFC 8601); empty: the headers are not looked at
 * @param acceptedResults       {@code method=result} pairs; a mail passes when our topmost result of one of
 *                              these methods is the one named (default {@code dmarc=pass})
 * @param acceptUnauthenticated a mail without any {@code Authentication-Results} of ours passes (an internal
 *                              relay that delivers into the mailbox without passing the filter)
 * @param moveTo                folder that processed mails are moved to (emptied by the retention purge);
 *                              empty: processed mails are deleted
 */
@ConfigurationProperties("meldeweg.mail.imap")
public record ReplyMailboxProperties(String authservId, List<String> acceptedResults, boolean acceptUnauthenticated, String moveTo) {

    public ReplyMailboxProperties {
        authservId = authservId == null ? "" : authservId.strip();
        moveTo = moveTo == null ? "" : moveTo.strip();
        acceptedResults = acceptedResults == null ? List.of() : acceptedResults.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String result : acceptedResults) {
            if (!result.matches("[A-Za-z0-9.-]+=[A-Za-z]+")) {
                throw new IllegalArgumentException("meldeweg.mail.imap.accepted-results: '" + result + "' is not method=result (e.g. dmarc=pass)");
            }
        }
        if (!authservId.isEmpty() && acceptedResults.isEmpty()) {
            throw new IllegalArgumentException("meldeweg.mail.imap.accepted-results must name at least one result (e.g. dmarc=pass) "
                    + "when meldeweg.mail.imap.authserv-id is set");
        }
    }
}
