package org.eirnn.task.pycog;

/**
 * pycog's linear frequency tuning of multisensory and romo (spec peers §1.7): the positively tuned input is
 * 0.4 + 0.8·(f − f_min)/(f_max − f_min), the negatively tuned one 0.4 + 0.8·(f_max − f)/(f_max − f_min), both from
 * 0.4 to 1.2 over the task's frequency range.
 */
public record Tuning(double fMin, double fMax) {
    public double positive(double f) {
        return 0.4 + 0.8 * (f - fMin) / (fMax - fMin);
    }

    public double negative(double f) {
        return 0.4 + 0.8 * (fMax - f) / (fMax - fMin);
    }
}
