package de.meldeweg.delivery;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import de.meldeweg.privacy.PersonalDataCipher;

/**
 * Takes a case into the city's ticket system. With {@code meldeweg.ticket.system=none} the
 * ticket is written as JSON into the outbox folder ({@code tickets/}), so the embedded default
 * shows the whole path.
 */
@Component("ticketDelivery")
public class TicketDelivery {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final JdbcTemplate jdbc;
    private final PersonalDataCipher cipher;
    private final String system;
    private final Path outbox;
    private final ZoneId zone;

    public TicketDelivery(JdbcTemplate jdbc, PersonalDataCipher cipher,
                          @Value("${meldeweg.ticket.system}") String system,
                          @Value("${meldeweg.outbox-dir}") String outbox,
                          @Value("${meldeweg.intake.time-zone}") ZoneId zone) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.system = system == null || system.isBlank() ? "none" : system.strip().toLowerCase(java.util.Locale.ROOT);
        this.outbox = Path.of(outbox, "tickets");
        this.zone = zone;
        if (!"none".equals(this.system)) {
            throw new IllegalStateException("meldeweg.ticket.system=" + system + " is not available in this version; use none");
        }
    }

    public void deliver(Exchange exchange) throws Exception {
        Deliveries.Delivery delivery = exchange.getProperty(Deliveries.DELIVERY_ID, Deliveries.Delivery.class);
        Map<String, Object> row = jdbc.queryForMap("SELECT c.reference, c.category_code, c.report_enc, c.urgent, "
                + "cat.name AS category_name, cat.service_code, d.name AS department_name, d.ticket_queue FROM report_case c "
                + "JOIN category cat ON cat.code = c.category_code JOIN department d ON d.dept_key = c.dept_key WHERE c.id = ?",
                delivery.caseId());
        ObjectNode ticket = JSON.createObjectNode();
        ticket.put("reference", (String) row.get("reference"));
        ticket.put("category", (String) row.get("category_code"));
        ticket.put("categoryName", (String) row.get("category_name"));
        ticket.put("department", (String) row.get("department_name"));
        ticket.put("queue", (String) row.get("ticket_queue"));
        ticket.put("urgent", Boolean.TRUE.equals(row.get("urgent")));
        ticket.put("text", cipher.decrypt((String) row.get("report_enc")));
        Files.createDirectories(outbox);
        Path file = outbox.resolve(FILE_TIME.format(ZonedDateTime.now(zone)) + "-" + row.get("reference") + ".json");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(ticket), StandardCharsets.UTF_8);
    }
}
