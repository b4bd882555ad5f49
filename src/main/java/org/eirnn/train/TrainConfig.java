package org.eirnn.train;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.Optimizer;
import org.eirnn.model.RateNoise;

/**
 * How a training run proceeds (spec §2.3, §2.5). {@link #spikeRnn} gives the reference: one trial per update,
 * evaluation of 100 fresh trials when (tr − 1) % 100 == 0, stop when eval loss &lt; 7 and accuracy &gt; 0.95 (go-nogo
 * also tr &gt; 1500). With B trials per update, tr still counts updates (spikeRNN's loop variable), and the go-nogo
 * gate, which asks for more than 1500 trials of experience, counts the trials seen: tr·B &gt; 1500 (the same rule at
 * B = 1).
 *
 * @param nTrials           maximum number of training trials (updates) per network
 * @param batch             trials per update B (spikeRNN: 1); the loss is their mean
 * @param networks          independent networks K trained at once
 * @param seed              run seed: keys initialisation, task draws and noise of every network
 * @param noise             rate-model noise during training and evaluation
 * @param optimizer         optimiser: Adam in the TF1 form (spikeRNN) or SGD with clipping (pycog)
 * @param evalEvery         evaluation period (100)
 * @param evalTrials        trials per evaluation (100)
 * @param lossThreshold     stop when the mean evaluation loss is below this (7)
 * @param accuracyThreshold ... and the accuracy above this (0.95)
 * @param minTrialGoNogo    go-nogo stops only when the trials seen, tr·B, exceed this (1500)
 * @param validation        pycog's schedule instead of spikeRNN's evaluation rule ({@link ValidationSchedule}); null
 *                          for spikeRNN's (then tr, n_trials count updates as before)
 */
public record TrainConfig(long nTrials, int batch, int networks, long seed, RateNoise noise, Optimizer optimizer,
                          int evalEvery, int evalTrials, double lossThreshold, double accuracyThreshold,
                          long minTrialGoNogo, ValidationSchedule validation) {

    public TrainConfig(long nTrials, int batch, int networks, long seed, RateNoise noise, Optimizer optimizer,
                       int evalEvery, int evalTrials, double lossThreshold, double accuracyThreshold,
                       long minTrialGoNogo) {
        this(nTrials, batch, networks, seed, noise, optimizer, evalEvery, evalTrials, lossThreshold,
                accuracyThreshold, minTrialGoNogo, null);
    }

    public TrainConfig {
        InvalidInputException.require(nTrials > 0, () -> "--n_trials " + nTrials + " is not valid: expected >= 1");
        InvalidInputException.require(batch > 0, () -> "--batch " + batch + " is not valid: expected >= 1");
        InvalidInputException.require(networks > 0, () -> "--networks " + networks + " is not valid: expected >= 1");
        InvalidInputException.require(evalEvery > 0 && evalTrials > 0, () -> "evaluation period and size must be >= 1");
        TrialIds.checkRange(nTrials, batch, evalEvery, evalTrials);
    }

    public static TrainConfig spikeRnn(long nTrials, int batch, int networks, long seed, RateNoise noise,
                                       Optimizer optimizer) {
        return new TrainConfig(nTrials, batch, networks, seed, noise, optimizer, 100, 100, 7.0, 0.95, 1500);
    }

    /** This configuration under pycog's schedule {@code v}. */
    public TrainConfig withValidation(ValidationSchedule v) {
        return new TrainConfig(nTrials, batch, networks, seed, noise, optimizer, evalEvery, evalTrials, lossThreshold,
                accuracyThreshold, minTrialGoNogo, v);
    }

    /** spikeRNN evaluates after the update of trial tr when (tr − 1) % 100 == 0: tr = 1, 101, 201, … */
    public boolean evaluatesAt(long tr) {
        return tr >= 1 && (tr - 1) % evalEvery == 0;
    }

    /** Index of the evaluation made at trial tr (0 for tr = 1). */
    public long evaluationIndex(long tr) {
        return (tr - 1) / evalEvery;
    }

    /** The index of the evaluation of the saved weights when training stops, after every scheduled one's. */
    public long finalEvaluationIndex() {
        return nTrials / evalEvery + 1;
    }

    /** The spikeRNN termination rule (spec §2.5), applied after the evaluation at trial tr. */
    public boolean meetsCriterion(String task, long tr, double evalLoss, double evalAccuracy) {
        boolean met = evalLoss < lossThreshold && evalAccuracy > accuracyThreshold;
        return met && (!task.equals("go-nogo") || tr * batch > minTrialGoNogo);
    }
}
