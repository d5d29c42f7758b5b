package de.meldeweg.ops;

/**
 * How many webhooks this instance has stored since it started; what {@link IdleCollection} reads to
 * tell a quiet service from a busy one (the webhook store implements it, so that operations code does
 * not depend on the WhatsApp feature).
 */
public interface WebhookCount {

    /** The webhook events this instance has committed since it started. */
    long committed();
}
