package de.meldeweg.whatsapp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;

import de.meldeweg.console.Overview;
import de.meldeweg.support.Fixtures;
import de.meldeweg.support.MeldewegTestBase;

/**
 * The Graph API's health comes from a real probe (route whatsapp-graph-probe): a GET of our own
 * number's id with the access token, against a Graph API (WireMock) that answers 200, then refuses
 * the token (401), then does not answer within the timeout. The console's overview shows what the
 * last probe found.
 */
class GraphApiHealthTest extends MeldewegTestBase {

    static final WireMockServer GRAPH = new WireMockServer(options().dynamicPort());
    static final String NUMBER = "/v23.0/" + Fixtures.PHONE_NUMBER_ID;

    static {
        GRAPH.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:graph-health;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE");
        registry.add("meldeweg.whatsapp.api-base-url", () -> "http://127.0.0.1:" + GRAPH.port() + "/v23.0");
        registry.add("meldeweg.whatsapp.access-token", () -> "graph-health-token");
        registry.add("meldeweg.whatsapp.health.first-delay", () -> "PT0.1S");
        registry.add("meldeweg.whatsapp.health.interval", () -> "PT0.2S");
        registry.add("meldeweg.whatsapp.health.timeout", () -> "PT0.5S");
    }

    @Autowired
    GraphApiHealth graph;
    @Autowired
    Overview overview;

    @Test
    void theProbeAsksTheGraphApiAndTheOverviewShowsItsAnswer() {
        GRAPH.stubFor(get(urlPathEqualTo(NUMBER)).willReturn(okJson("{\"id\": \"" + Fixtures.PHONE_NUMBER_ID + "\"}")));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(graph.health().getStatus().getCode()).isEqualTo("UP"));
        assertThat(graph.health().getDetails()).containsEntry("checked", "HTTP 200");
        GRAPH.verify(getRequestedFor(urlPathEqualTo(NUMBER)).withQueryParam("fields", equalTo("id"))
                .withHeader("Authorization", equalTo("Bearer graph-health-token")));
        assertThat(overview.systems()).filteredOn(s -> s.name().equals("graphApi")).singleElement()
                .satisfies(s -> assertThat(s.up()).isTrue());

        // The token expired: the Graph API refuses it.
        GRAPH.resetAll();
        GRAPH.stubFor(get(urlPathEqualTo(NUMBER)).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"message\": \"Error validating access token: Session has expired\", \"type\": \"OAuthException\", "
                        + "\"code\": 190, \"error_subcode\": 463, \"fbtrace_id\": \"AbCdEf\"}}")));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(graph.health().getStatus().getCode()).isEqualTo("DEGRADED"));
        assertThat((String) graph.health().getDetails().get("checked")).startsWith("HTTP 401").contains("access token")
                .doesNotContain("Session has expired");
        assertThat(overview.systems()).filteredOn(s -> s.name().equals("graphApi")).singleElement()
                .satisfies(s -> assertThat(s.status()).isEqualTo("DEGRADED"));

        // Meta does not answer within meldeweg.whatsapp.health.timeout.
        GRAPH.resetAll();
        GRAPH.stubFor(get(urlPathEqualTo(NUMBER)).willReturn(okJson("{\"id\": \"1\"}").withFixedDelay(3000)));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat((String) graph.health().getDetails().get("checked"))
                .contains("timeout"));
        Health health = graph.health();
        assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");

        // and back
        GRAPH.resetAll();
        GRAPH.stubFor(get(urlPathEqualTo(NUMBER)).willReturn(okJson("{\"id\": \"" + Fixtures.PHONE_NUMBER_ID + "\"}")));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(graph.health().getStatus().getCode()).isEqualTo("UP"));
    }
}
