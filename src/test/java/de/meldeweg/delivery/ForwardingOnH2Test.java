package de.meldeweg.delivery;

class ForwardingOnH2Test extends ForwardingScenarios {
}
