package de.meldeweg.intake;

import java.util.ArrayList;
import java.util.List;

/**
 * What happened to the parts of one stored event, without personal data: the reasons recorded
 * on the event, how many parts were handled, and whether the raw event carries data of an erased
 * citizen (then it goes once processed). One per event, shared by the steps of its route.
 */
public final class IntakeNotes {

    private final List<String> reasons = new ArrayList<>();
    private int handled;
    private boolean erased;

    public void note(String reason) {
        if (!reasons.contains(reason)) {
            reasons.add(reason);
        }
    }

    public void handled() {
        handled++;
    }

    public void erased() {
        erased = true;
    }

    public boolean isErased() {
        return erased;
    }

    /** The reason recorded on the event, bounded, or null when there is nothing to say. */
    public String reason() {
        String reason = reasons.isEmpty() ? null : String.join("; ", reasons);
        if (reason != null && reason.length() > 1000) {
            reason = reason.substring(0, 997) + "...";
        }
        return reason;
    }

    /** PROCESSED when a part was handled or nothing was odd, IGNORED when nothing could be used. */
    public String state() {
        return handled > 0 || reasons.isEmpty() ? "PROCESSED" : "IGNORED";
    }
}
