package org.eirnn.sweep;

import org.eirnn.InvalidInputException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sweep fixed at its creation: the grid as given, its jobs, and their packing into ensemble launches. Jobs with
 * the same flags except the seed (same task, N, τ range, trials, … — everything that shapes a launch) are packed in
 * job order into packs of at most {@code packSize}; pack p trains as {@code train --seed S --networks K} with S the
 * seed of its first job, and its k-th job is network k of that ensemble. Stored as sweep.json so a resumed sweep or
 * a SLURM array task sees the same packs (pack p is array task p).
 *
 * @param grid     the grid file's object, as given
 * @param packSize the most networks per launch
 * @param jobs     the jobs, numbered from 1
 * @param packs    the launches, numbered from 0
 * @param post     work after training
 */
public record SweepPlan(Map<String, Object> grid, int packSize, List<Grid.Job> jobs, List<Pack> packs,
                        Grid.PostTraining post) {

    /** One launch: its number, the ensemble seed and the jobs it trains (job k of the list is network k). */
    public record Pack(int index, long seed, List<Integer> jobs) {
        public String folder() {
            return String.format("pack_%04d", index);
        }

        public int networkOf(int job) {
            return jobs.indexOf(job);
        }
    }

    @SuppressWarnings("unchecked")
    public static SweepPlan create(Object parsedGrid, Set<String> trainFlags, int packSize, String source) {
        InvalidInputException.require(packSize >= 1, () -> "--pack " + packSize + " is not valid: expected >= 1");
        Grid g = Grid.expand(parsedGrid, trainFlags, source);
        return new SweepPlan((Map<String, Object>) parsedGrid, packSize, g.jobs(), pack(g.jobs(), packSize), g.post());
    }

    static List<Pack> pack(List<Grid.Job> jobs, int packSize) {
        Map<Map<String, List<String>>, List<Grid.Job>> byShape = new LinkedHashMap<>();
        for (Grid.Job j : jobs) {
            byShape.computeIfAbsent(j.shape(), s -> new ArrayList<>()).add(j);
        }
        List<Pack> packs = new ArrayList<>();
        for (List<Grid.Job> same : byShape.values()) {
            for (int from = 0; from < same.size(); from += packSize) {
                List<Grid.Job> part = same.subList(from, Math.min(same.size(), from + packSize));
                packs.add(new Pack(packs.size(), part.get(0).seed(), part.stream().map(Grid.Job::index).toList()));
            }
        }
        return packs;
    }

    public Grid.Job job(int index) {
        return jobs.get(index - 1);
    }

    public Pack packOf(int job) {
        return packs.stream().filter(p -> p.jobs().contains(job)).findFirst().orElseThrow();
    }

    /** sweep.json: the grid as given and the pack size (jobs and packs follow from them). */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "eirnn-sweep-1");
        m.put("pack", packSize);
        m.put("jobs", jobs.size());
        m.put("launches", packs.size());
        m.put("grid", grid);
        return m;
    }

    /** Rebuilds the plan from sweep.json (the expansion is deterministic, so the jobs and packs come back equal). */
    public static SweepPlan fromJson(Object parsed, Set<String> trainFlags, String source) {
        InvalidInputException.require(parsed instanceof Map<?, ?> m && "eirnn-sweep-1".equals(m.get("format"))
                && m.get("pack") instanceof BigDecimal && m.get("grid") instanceof Map, () -> source
                + ": not an eirnn sweep file (expected format eirnn-sweep-1 with pack and grid)");
        Map<?, ?> m = (Map<?, ?>) parsed;
        return create(m.get("grid"), trainFlags, ((BigDecimal) m.get("pack")).intValueExact(), source);
    }
}
