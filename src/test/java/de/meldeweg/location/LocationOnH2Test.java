package de.meldeweg.location;

class LocationOnH2Test extends LocationScenarios {
}
