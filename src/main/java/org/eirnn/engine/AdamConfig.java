package org.eirnn.engine;

import org.eirnn.InvalidInputException;

/**
 * Adam hyper-parameters in the TensorFlow 1 form (spec §2.3): lr_t = lr·√(1−β2^t)/(1−β1^t),
 * θ ← θ − lr_t·m/(√v + ε).
 */
public record AdamConfig(double learningRate, double beta1, double beta2, double epsilon) implements Optimizer {
    public static final AdamConfig SPIKERNN = new AdamConfig(0.01, 0.9, 0.999, 1e-8);

    public AdamConfig {
        InvalidInputException.require(learningRate > 0 && Double.isFinite(learningRate),
                () -> "--lr " + learningRate + " is not valid: expected a positive learning rate");
    }

    public AdamConfig withLearningRate(double lr) {
        return new AdamConfig(lr, beta1, beta2, epsilon);
    }
}
