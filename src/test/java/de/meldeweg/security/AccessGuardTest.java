package de.meldeweg.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class AccessGuardTest {

    private final AccessGuard guard = new AccessGuard(List.of("/webhooks/whatsapp", "/actuator/health/**"), "admin-token-0123456789",
            "metrics-token-0123456789");

    @Test
    void theWebhookAndHealthAreOpenAndNothingElse() {
        assertThat(guard.open("/webhooks/whatsapp")).isTrue();
        assertThat(guard.open("/actuator/health")).isTrue();
        assertThat(guard.open("/actuator/health/readiness")).isTrue();
        assertThat(guard.open("/webhooks/whatsapp/x")).isFalse();
        assertThat(guard.open("/actuator/prometheus")).isFalse();
        assertThat(guard.open("/admin/dead-letters")).isFalse();
    }

    @Test
    void theMetricsTokenOpensOnlyTheActuator() {
        assertThat(guard.allowed("/actuator/prometheus", "Bearer metrics-token-0123456789")).isTrue();
        assertThat(guard.allowed("/admin/dead-letters", "Bearer metrics-token-0123456789")).isFalse();
        assertThat(guard.allowed("/admin/dead-letters", "Bearer admin-token-0123456789")).isTrue();
        assertThat(guard.allowed("/actuator/prometheus", "bearer admin-token-0123456789")).isTrue();
        assertThat(guard.allowed("/actuator/prometheus", "Basic YWRtaW46YWRtaW4=")).isFalse();
        assertThat(guard.allowed("/actuator/prometheus", "Bearer ")).isFalse();
        assertThat(guard.allowed("/actuator/prometheus", null)).isFalse();
    }

    @Test
    void withoutTokensEverythingButTheOpenPathsIsClosed() {
        AccessGuard closed = new AccessGuard(List.of("/webhooks/whatsapp"), "", "");
        assertThat(closed.allowed("/actuator/prometheus", "Bearer ")).isFalse();
        assertThat(closed.allowed("/actuator/prometheus", "Bearer x")).isFalse();
    }

    @Test
    void eachRoleHasItsOwnTokenAndTheMetricsTokenIsNoRole() {
        AccessGuard roles = new AccessGuard(List.of("/webhooks/whatsapp"), "admin-token-0123456789", "review-token-0123456789",
                "viewer-token-0123456789", "metrics-token-0123456789");
        assertThat(roles.role("/admin/review", "Bearer review-token-0123456789")).contains("REVIEW");
        assertThat(roles.role("/admin/review", "Bearer viewer-token-0123456789")).contains("VIEWER");
        assertThat(roles.role("/admin/review", "BEARER admin-token-0123456789")).contains("ADMIN");
        assertThat(roles.role("/admin/review", "Bearer metrics-token-0123456789")).isEmpty();
        assertThat(roles.role("/actuator/prometheus", "Bearer metrics-token-0123456789")).contains(AccessGuard.METRICS);
        assertThat(roles.role("/admin/review", "Bearer review-token-012345678")).isEmpty();
        AccessGuard noReviewToken = new AccessGuard(List.of(), "admin-token-0123456789", "", "", "");
        assertThat(noReviewToken.role("/admin/review", "Bearer ")).isEmpty();
    }
}
