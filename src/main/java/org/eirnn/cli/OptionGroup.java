package org.eirnn.cli;

import java.util.List;

/**
 * A few flags that belong together (device, seed, noise, spikeRNN's network flags, ...), defined once and added to
 * each command that takes them with {@link CliOptions#add(OptionGroup...)}. A group keeps its flags and the code
 * that reads them side by side; adding a group to {@link RateOptions#shared()} gives it to train, eval and
 * gradcheck at once.
 */
@FunctionalInterface
interface OptionGroup {
    List<Flag> flags();
}
