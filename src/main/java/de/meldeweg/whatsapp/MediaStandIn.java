package de.meldeweg.whatsapp;

/**
 * Where photos are fetched from when the city's WhatsApp number is not configured: a stand-in for
 * the Graph API's media endpoints that answers as the Graph API does (metadata with a URL, then the
 * file, with a bearer token). Only the development mode's citizen simulator provides one
 * ({@code de.meldeweg.console.simulator.SimulatorMedia}); in any other profile there is no such bean
 * and a photo without WhatsApp configured is not fetched.
 */
public interface MediaStandIn {

    /** The stand-in's base URL, in the place of {@code meldeweg.whatsapp.api-base-url}. */
    String apiBaseUrl();

    /** The bearer token the stand-in expects. */
    String accessToken();
}
