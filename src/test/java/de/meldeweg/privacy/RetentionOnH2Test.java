package de.meldeweg.privacy;

/** The retention scenarios on H2, in the context it shares with the other pipeline scenarios ({@code PipelineContext}). */
class RetentionOnH2Test extends RetentionScenarios {
}
