package de.meldeweg.console.simulator;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;

import de.meldeweg.console.ConsoleSession;
import de.meldeweg.support.CityMailServer;
import de.meldeweg.support.MeldewegTestBase;

/**
 * The service in the development mode (so with the citizen simulator and its Graph API stand-in),
 * WhatsApp not configured (answers go to the outbox folder, as in {@code mvn spring-boot:run}), and
 * the city's mail server played by GreenMail: the departments' mail arrives over SMTP, their answers
 * are read from the reply mailbox over IMAP. One context for the simulator's HTTP and browser tests.
 */
@ActiveProfiles("dev")
public abstract class SimulatorContext extends MeldewegTestBase {

    public static final String REPLY_MAILBOX = "antwort@stadt-calw.example";
    static final CityMailServer CITY_MAIL = new CityMailServer(REPLY_MAILBOX);
    public static final GreenMail MAIL = CITY_MAIL.mail();
    protected static final GreenMailUser REPLIES = CITY_MAIL.mailbox();

    @DynamicPropertySource
    static void simulatorContext(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:simulator;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.case.grouping-window", () -> "PT1S");
        registry.add("meldeweg.case.assembly-interval", () -> "200");
        registry.add("meldeweg.delivery.interval", () -> "200");
        registry.add("meldeweg.whatsapp.media-interval", () -> "200");
        registry.add("camel.main.routes-reload-enabled", () -> "false");
        CITY_MAIL.properties(registry);
        ConsoleSession.accounts(registry);
    }

    /** A photo as a phone makes it: a JPEG of a few hundred bytes showing a red sign on grey. */
    public static byte[] photo() throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 64, 48);
        g.setColor(Color.RED);
        g.fillOval(20, 10, 24, 24);
        g.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", jpeg);
        return jpeg.toByteArray();
    }
}
