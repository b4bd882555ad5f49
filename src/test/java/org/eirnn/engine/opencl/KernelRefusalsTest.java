package org.eirnn.engine.opencl;

import org.eirnn.InvalidInputException;
import org.eirnn.engine.AdamConfig;
import org.eirnn.model.DecayTaus;
import org.eirnn.model.LossFunction;
import org.eirnn.model.NetworkSpec;
import org.eirnn.model.RateNoise;
import org.eirnn.model.Regularisers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the kernels do not compute is refused by name, never trained without (nn4n's firing-rate distribution
 * penalties): the CLI then picks the CPU engine, and --device opencl gets one clear line. pycog's Ω, which they do
 * compute (OmegaKernelsTest), is accepted.
 */
class KernelRefusalsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"fr-mean,--fr-mean", "fr-sd,--fr-sd", "fr-cv,--fr-cv"})
    void penaltiesTheKernelsLackAreRefusedByName(String which, String flag) {
        Regularisers r = switch (which) {
            case "fr-mean" -> new Regularisers(0, 0, 0, 0, 0, 0, 0, 0.1, 0, 0);
            case "fr-sd" -> new Regularisers(0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0);
            default -> new Regularisers(0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1);
        };
        NetworkSpec base = NetworkSpec.defaults(20, 1, DecayTaus.range(4, 20));
        NetworkSpec spec = base.withOptions(base.options().withRegularisers(r));
        assertTrue(OpenClEngine.supports(base, LossFunction.L2, RateNoise.SPIKERNN, AdamConfig.SPIKERNN));
        assertFalse(OpenClEngine.supports(spec, LossFunction.L2, RateNoise.SPIKERNN, AdamConfig.SPIKERNN));
        String m = assertThrows(InvalidInputException.class,
                () -> OpenClEngine.requireKernelModel(spec, LossFunction.L2)).getMessage();
        assertTrue(m.contains(flag) && !m.contains("\n"), m);
    }

    /** Ω (song2016's λ_Ω = 2) trains on the kernels, alone and beside the penalties they implement. */
    @ParameterizedTest(name = "lambda={0}")
    @CsvSource({"2", "0.5"})
    void omegaIsAccepted(double lambda) {
        NetworkSpec base = NetworkSpec.defaults(20, 1, DecayTaus.range(4, 20));
        for (Regularisers r : new Regularisers[] {Regularisers.NONE.withOmega(lambda),
                new Regularisers(0, 0.01, 0, 0, 0.02, 0, 0.1).withOmega(lambda)}) {
            NetworkSpec spec = base.withOptions(base.options().withRegularisers(r));
            assertTrue(OpenClEngine.supports(spec, LossFunction.L2, RateNoise.SPIKERNN, AdamConfig.SPIKERNN), r::toString);
            OpenClEngine.requireKernelModel(spec, LossFunction.L2);
        }
        // Ω does not hide a refusal: with a firing-rate penalty beside it the model is still refused.
        NetworkSpec both = base.withOptions(base.options().withRegularisers(
                new Regularisers(0, 0, 0, 0, 0, 0, 0, 0.1, 0, 0).withOmega(lambda)));
        assertFalse(OpenClEngine.supports(both, LossFunction.L2, RateNoise.SPIKERNN, AdamConfig.SPIKERNN));
    }
}
