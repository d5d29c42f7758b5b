package de.meldeweg.directory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Many strings found in a text in one pass (Aho–Corasick): every key is compiled once into one
 * automaton; {@link #scan} reads the text character by character and reports the number of each
 * key that ends at a position (a key found twice is reported twice). Immutable and thread-safe once
 * built; build it when the keys are loaded, not on first use.
 */
public final class AhoCorasick {

    /** Per state: its characters (sorted) and the states they lead to. */
    private final char[][] labels;
    private final int[][] targets;
    private final int[] fail;
    /** Per state: the keys that end there, including those of its fail chain. */
    private final int[][] output;
    private final int keys;

    /** The automaton of these keys; key {@code i} is reported as {@code i}. Empty keys are never found. */
    public AhoCorasick(List<String> keys) {
        this.keys = keys.size();
        List<Map<Character, Integer>> next = new ArrayList<>();
        List<List<Integer>> ends = new ArrayList<>();
        next.add(new HashMap<>());
        ends.add(new ArrayList<>());
        for (int k = 0; k < keys.size(); k++) {
            String key = keys.get(k);
            if (key.isEmpty()) {
                continue;
            }
            int state = 0;
            for (int i = 0; i < key.length(); i++) {
                Integer to = next.get(state).get(key.charAt(i));
                if (to == null) {
                    to = next.size();
                    next.get(state).put(key.charAt(i), to);
                    next.add(new HashMap<>());
                    ends.add(new ArrayList<>());
                }
                state = to;
            }
            ends.get(state).add(k);
        }
        int states = next.size();
        labels = new char[states][];
        targets = new int[states][];
        for (int s = 0; s < states; s++) {
            char[] cs = new char[next.get(s).size()];
            int i = 0;
            for (char c : next.get(s).keySet()) {
                cs[i++] = c;
            }
            Arrays.sort(cs);
            int[] ts = new int[cs.length];
            for (int j = 0; j < cs.length; j++) {
                ts[j] = next.get(s).get(cs[j]);
            }
            labels[s] = cs;
            targets[s] = ts;
        }
        fail = new int[states];
        output = new int[states][];
        output[0] = ends.get(0).stream().mapToInt(Integer::intValue).toArray();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int t : targets[0]) {
            fail[t] = 0;
            output[t] = ends.get(t).stream().mapToInt(Integer::intValue).toArray();
            queue.add(t);
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            for (int j = 0; j < labels[s].length; j++) {
                char c = labels[s][j];
                int t = targets[s][j];
                int f = fail[s];
                while (f != 0 && step(f, c) < 0) {
                    f = fail[f];
                }
                int via = step(f, c);
                fail[t] = via >= 0 && via != t ? via : 0;
                int[] own = ends.get(t).stream().mapToInt(Integer::intValue).toArray();
                int[] inherited = output[fail[t]];
                int[] all = Arrays.copyOf(own, own.length + inherited.length);
                System.arraycopy(inherited, 0, all, own.length, inherited.length);
                output[t] = all;
                queue.add(t);
            }
        }
    }

    /** How many keys it was built from. */
    public int size() {
        return keys;
    }

    /** Receives a key found and the index of the text's character where it ends. */
    @FunctionalInterface
    public interface Found {
        void at(int key, int end);
    }

    /** Reports the number of every key that occurs in the text, at each place it ends. */
    public void scan(CharSequence text, IntConsumer found) {
        scan(text, (key, end) -> found.accept(key));
    }

    /** Reports every key that occurs in the text with the index of its last character. */
    public void scan(CharSequence text, Found found) {
        int state = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int to;
            while ((to = step(state, c)) < 0 && state != 0) {
                state = fail[state];
            }
            state = Math.max(to, 0);
            for (int key : output[state]) {
                found.at(key, i);
            }
        }
    }

    private int step(int state, char c) {
        int i = Arrays.binarySearch(labels[state], c);
        return i >= 0 ? targets[state][i] : -1;
    }
}
