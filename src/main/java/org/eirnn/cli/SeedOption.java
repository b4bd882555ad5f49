package org.eirnn.cli;

import java.util.List;

/**
 * {@code --seed}, with one rule for every command: the default is {@value #DEFAULT}, so a command without --seed
 * repeats exactly, and a different network or draw needs a different --seed (train prints the seed it used). The
 * seed keys every random draw (initialisation, trials, stimuli, initial voltages, noise) by (seed, network, stream)
 * and trial id.
 */
final class SeedOption {
    static final long DEFAULT = 1;
    static final Flag SEED = Flag.value("seed", "S",
            "seed of every random draw (initialisation, trials, stimuli, noise)").detail("default " + DEFAULT
            + ", as for every command");
    static final OptionGroup GROUP = () -> List.of(SEED);

    private SeedOption() {
    }

    static long read(Args a) {
        return a.longValue(SEED, DEFAULT);
    }

    static boolean given(Args a) {
        return a.has(SEED);
    }
}
