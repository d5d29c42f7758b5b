package de.meldeweg.cases;

/** The poison case scenarios on H2, in the context it shares with the other pipeline scenarios ({@code PipelineContext}). */
class PoisonCasesOnH2Test extends PoisonCaseScenarios {
}
