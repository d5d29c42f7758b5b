package de.meldeweg.console.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

import de.meldeweg.console.ConsoleSession;
import de.meldeweg.console.PartTwoContext;
import de.meldeweg.whatsapp.MediaStandIn;

/**
 * Outside the dev profile the citizen simulator is not there: its page, its endpoint and its Graph
 * API stand-in for photos answer 404, signed in or not, and photos can come from nowhere but the
 * configured Graph API.
 */
class SimulatorAbsentTest extends PartTwoContext {

    @Autowired
    ObjectProvider<MediaStandIn> mediaStandIn;

    @Test
    void thePageAndItsEndpointAnswer404() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[] {"/console/simulator", "/console/simulator/chat", "/console/simulator/",
                "/console/simulator/graph/v23.0/1234567890123456", "/console/simulator/graph/files/1234567890123456"}) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer x").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(404);
        }
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/simulator"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("action=text&text=Hallo")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

        ConsoleSession admin = ConsoleSession.signIn(port, "leitung");
        assertThat(admin.get("/console/simulator").statusCode()).isEqualTo(404);
        assertThat(admin.get("/console/simulator/graph/v23.0/1234567890123456").statusCode()).isEqualTo(404);
        assertThat(mediaStandIn.getIfAvailable()).isNull();
        assertThat(admin.post("/console/simulator", Map.of("action", "text", "text", "Hallo")).statusCode()).isEqualTo(404);
        assertThat(admin.get("/console").body()).doesNotContain("/console/simulator");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_event", Integer.class)).isZero();
    }
}
