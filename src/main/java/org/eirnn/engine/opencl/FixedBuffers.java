package org.eirnn.engine.opencl;

/**
 * The fixed parts of an OpenCL session's networks on the device, [k][...] per network: w_in [k][i][c] (its raw
 * values; they do not train here), the E/I signs D [k][j], the plastic masks C_rec (spikeRNN's som_m) [k][i][j],
 * C_in [k][i][c], C_out [k][i], and the fixed entries W_fixed, W_in,fixed, W_out,fixed of the family's
 * W = φ(W⁺ ⊙ C + W_fixed)·D (DESIGN "One model family"). The session owns them; training reads them.
 */
record FixedBuffers(ClBuffer.Floats wIn, ClBuffer.Floats sign, ClBuffer.Floats som, ClBuffer.Floats wFixed,
                    ClBuffer.Floats cIn, ClBuffer.Floats wInFixed, ClBuffer.Floats cOut, ClBuffer.Floats wOutFixed) {
}
