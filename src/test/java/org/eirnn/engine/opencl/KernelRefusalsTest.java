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
 * What the kernels do not compute is refused by name, never trained without (pycog's Ω, nn4n's firing-rate
 * distribution penalties): the CLI then picks the CPU engine, and --device opencl gets one clear line.
 */
class KernelRefusalsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"omega,--lambda-omega", "fr-mean,--fr-mean", "fr-sd,--fr-sd", "fr-cv,--fr-cv"})
    void penaltiesTheKernelsLackAreRefusedByName(String which, String flag) {
        Regularisers r = switch (which) {
            case "omega" -> Regularisers.NONE.withOmega(2);
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
}
