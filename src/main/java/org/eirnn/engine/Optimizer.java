package org.eirnn.engine;

/**
 * A training update rule: Adam in the TensorFlow 1 form ({@link AdamConfig}, spikeRNN) or plain SGD with
 * global-norm clipping ({@link SgdConfig}, pycog).
 */
public sealed interface Optimizer permits AdamConfig, SgdConfig {
    double learningRate();
}
