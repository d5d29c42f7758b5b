package de.meldeweg.replies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What a citizen reads of a department's answer: the new text only, fitting WhatsApp. */
class ReplyTextTest {

    @Test
    void quotedLinesAndTheGermanAttributionAreCut() {
        String mail = """
                Guten Tag,

                die Laterne wird am Montag repariert.

                Am 28.11.2026 um 10:15 schrieb Meldeweg <meldeweg@stadt.example>:
                > Meldung WK-2026-000042 über Meldeweg (WhatsApp)
                > Die Straßenlaterne ist aus.
                """;
        assertThat(ReplyText.newText(mail)).isEqualTo("Guten Tag,\n\ndie Laterne wird am Montag repariert.");
    }

    @Test
    void anAttributionWrappedOverTwoLinesIsCutToo() {
        String mail = "Erledigt, danke.\n\nOn Sat, Nov 28, 2026 at 10:15 AM Meldeweg\n<meldeweg@stadt.example> wrote:\n> Text";
        assertThat(ReplyText.newText(mail)).isEqualTo("Erledigt, danke.");
    }

    @Test
    void outlookHeaderBlocksAreCut() {
        String outlook = """
                Wir kümmern uns darum.

                -----Ursprüngliche Nachricht-----
                Von: Meldeweg <meldeweg@stadt.example>
                Gesendet: Samstag, 28. November 2026 10:15
                An: Tiefbauamt <tiefbauamt@stadt-calw.example>
                Betreff: WK-2026-000042: Straßenbeleuchtung
                """;
        assertThat(ReplyText.newText(outlook)).isEqualTo("Wir kümmern uns darum.");
        String newer = """
                Der Baum wird nächste Woche geschnitten.

                ________________________________
                Von: Meldeweg <meldeweg@stadt.example>
                Gesendet: Samstag, 28. November 2026 10:15
                An: Grünflächen
                """;
        assertThat(ReplyText.newText(newer)).isEqualTo("Der Baum wird nächste Woche geschnitten.");
        String bare = "Danke!\nFrom: Meldeweg <meldeweg@stadt.example>\nSent: Saturday\nTo: x\n";
        assertThat(ReplyText.newText(bare)).isEqualTo("Danke!");
    }

    @Test
    void signaturesMobileFootersAndDisclaimersAreCut() {
        String mail = """
                Das Schlagloch ist gemeldet und wird diese Woche verfüllt.

                Mit freundlichen Grüßen
                Max Mustermann
                Tiefbauamt
                Telefon 07051 167-123
                Marktplatz 9, 75365 Calw
                """;
        assertThat(ReplyText.newText(mail)).isEqualTo(
                "Das Schlagloch ist gemeldet und wird diese Woche verfüllt.\n\nMit freundlichen Grüßen\nMax Mustermann\nTiefbauamt");
        assertThat(ReplyText.newText("Ist erledigt.\n-- \nStadt Calw | Tiefbauamt\nwww.calw.de")).isEqualTo("Ist erledigt.");
        assertThat(ReplyText.newText("Kommt morgen.\n\nVon meinem iPhone gesendet")).isEqualTo("Kommt morgen.");
        assertThat(ReplyText.newText("Kommt morgen.\n\nDiese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige "
                + "Adressat sind, informieren Sie bitte den Absender.")).isEqualTo("Kommt morgen.");
    }

    @Test
    void answersBetweenQuotesStayAndTheQuotesGo() {
        String inline = "> Die Laterne ist aus.\nWird Montag repariert.\n> Seit Tagen.\nDanke für den Hinweis.";
        assertThat(ReplyText.newText(inline)).isEqualTo("Wird Montag repariert.\nDanke für den Hinweis.");
    }

    @Test
    void htmlBecomesPlainTextAndItsQuotedPartsAreCut() {
        String html = """
                <html><head><style>p{margin:0}</style></head><body>
                <p>Guten Tag,</p><p>die Ampel ist seit heute Morgen wieder in Betrieb.<br>Danke &amp; viele Grüße</p>
                <ul><li>Prüfung: erledigt</li></ul>
                <div id="divRplyFwdMsg"><b>Von:</b> Meldeweg<br><b>Gesendet:</b> Samstag</div>
                <div>Die Ampel an der Kreuzung ist aus (Zitat)</div>
                <blockquote type="cite">alte Nachricht</blockquote>
                </body></html>
                """;
        String text = ReplyText.newText(ReplyText.fromHtml(html));
        assertThat(text).startsWith("Guten Tag,\n\ndie Ampel ist seit heute Morgen wieder in Betrieb.\nDanke & viele Grüße")
                .contains("- Prüfung: erledigt")
                .doesNotContain("Zitat").doesNotContain("alte Nachricht").doesNotContain("<").doesNotContain("margin");
        String gmail = "<div dir=\"ltr\">Ist repariert.</div><br><div class=\"gmail_quote\"><div>Am Sa. schrieb x:</div>"
                + "<blockquote>Text</blockquote></div>";
        assertThat(ReplyText.newText(ReplyText.fromHtml(gmail))).isEqualTo("Ist repariert.");
        assertThat(ReplyText.fromHtml("<p>Siehe <a href=\"https://www.calw.de/baustellen\">Baustellen</a></p>"))
                .isEqualTo("Siehe Baustellen (https://www.calw.de/baustellen)");
    }

    @Test
    void longAnswersAreSplitAtParagraphsIntoPiecesThatFitWhatsApp() {
        String paragraph = "Satz ".repeat(150).strip();
        String text = String.join("\n\n", List.of(paragraph, paragraph, paragraph, paragraph, paragraph, paragraph, paragraph));
        List<String> parts = ReplyText.split(text, 4096, 3, "[gekürzt]");
        assertThat(parts).hasSize(2).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(4096));
        assertThat(String.join("\n\n", parts)).isEqualTo(text);
    }

    @Test
    void answersLongerThanTheAllowedPartsAreShortenedWithANote() {
        String text = "Wort ".repeat(5000).strip();
        List<String> parts = ReplyText.split(text, 4096, 2, "[gekürzt]");
        assertThat(parts).hasSize(2).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(4096));
        assertThat(parts.get(1)).endsWith("\n\n[gekürzt]");
    }

    @Test
    void aSplitNeverBreaksAnEmoji() {
        String text = "😀".repeat(3000);
        List<String> parts = ReplyText.split(text, 4095, 3, "x");
        assertThat(parts).allSatisfy(p -> assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse());
        assertThat(String.join("", parts)).isEqualTo(text);
    }
}
