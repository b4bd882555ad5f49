package org.eirnn.sweep;

import org.eirnn.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grid files: strict JSON with positioned errors, the Cartesian product, seeds, decay_taus forms, packing. */
class GridTest {
    private static final Set<String> TRAIN = Set.of("task", "N", "seed", "decay_taus", "n_trials", "P_rec",
            "apply_dale", "batch", "lr", "output_dir", "networks", "device");

    private static Grid grid(String json) {
        return Grid.expand(Json.parse(json, "g.json"), TRAIN, "g.json");
    }

    private static String jsonError(String json) {
        return assertThrows(InvalidInputException.class, () -> Json.parse(json, "g.json")).getMessage();
    }

    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -2.5e-1, 0], \"b\": \"x\\n\\u00e9\\\"\", \"c\": true, \"d\": false,"
                + " \"e\": null, \"f\": {}} ", "t");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals("[1, -0.25, 0]", m.get("a").toString().replace("-2.5E-1", "-0.25"));
        assertEquals("x\né\"", m.get("b"));
        assertEquals(true, m.get("c"));
        assertEquals(false, m.get("d"));
        assertTrue(m.containsKey("e") && m.get("e") == null);
        assertEquals(Map.of(), m.get("f"));
        assertEquals(v, Json.parse(Json.write(v), "round trip"));
    }

    @Test
    void syntaxErrorsNameLineColumnAndWhatWasExpected() {
        assertEquals("g.json: JSON error at line 2, column 9: expected ',' or '}' in an object",
                jsonError("{\"a\": 1,\n \"b\": 2 \"c\": 3}"));
        assertTrue(jsonError("{\"a\": [1, 2,]}").contains("column 13: expected a value"), jsonError("{\"a\": [1, 2,]}"));
        assertTrue(jsonError("{'a': 1}").contains("column 2: expected a key in double quotes"));
        assertTrue(jsonError("{\"a\": 01}").contains("expected ',' or '}'"));
        assertTrue(jsonError("{\"a\": 1.}").contains("expected a digit after the decimal point"));
        assertTrue(jsonError("{\"a\": \"x}").contains("unterminated string"));
        assertTrue(jsonError("{\"a\": tru}").contains("column 7: expected a value"));
        assertTrue(jsonError("{\"a\": 1} x").contains("expected the end of the text"));
        assertTrue(jsonError("{\"a\": 1, \"a\": 2}").contains("column 10: duplicate key \"a\""));
        assertTrue(jsonError("").contains("line 1, column 1: expected a value, found the end"));
        assertTrue(jsonError("{\"a\": \"\\x\"}").contains("invalid escape"));
    }

    @Test
    void expandsTheCartesianProductFirstKeySlowest() {
        Grid g = grid("{\"task\": \"go-nogo\", \"N\": [10, 20], \"seed\": [1, 2, 3], \"P_rec\": 0.2,"
                + " \"apply_dale\": false}");
        assertEquals(6, g.jobs().size());
        assertEquals(List.of("10", "10", "10", "20", "20", "20"),
                g.jobs().stream().map(j -> j.flags().get("N").get(0)).toList());
        assertEquals(List.of(1L, 2L, 3L, 1L, 2L, 3L), g.jobs().stream().map(Grid.Job::seed).toList());
        Grid.Job j5 = g.jobs().get(4);
        assertEquals(5, j5.index());
        assertEquals("job_0005", j5.folder());
        assertEquals(List.of("--task", "go-nogo", "--N", "20", "--seed", "9", "--P_rec", "0.2", "--apply_dale",
                "false"), j5.trainArgs(9));
        assertFalse(g.post().gridSearch());
    }

    @Test
    void withoutASeedKeyJobIGetsSeedI() {
        Grid g = grid("{\"task\": [\"go-nogo\", \"xor\"], \"N\": 1e1}");
        assertEquals(List.of(1L, 2L), g.jobs().stream().map(Grid.Job::seed).toList());
        assertEquals(List.of("10"), g.jobs().get(0).flags().get("N"));
    }

    @Test
    void decayTausTakesOneValueOrAListOfValues() {
        assertEquals(List.of(List.of("4", "20")), grid("{\"task\": \"go-nogo\", \"decay_taus\": [4, 20]}").jobs()
                .stream().map(j -> j.flags().get("decay_taus")).toList());
        assertEquals(List.of(List.of("4", "20"), List.of("5")), grid("{\"task\": \"go-nogo\", \"decay_taus\":"
                + " [[4, 20], [5]]}").jobs().stream().map(j -> j.flags().get("decay_taus")).toList());
        assertEquals(List.of("2.5"), grid("{\"task\": \"go-nogo\", \"decay_taus\": 2.50}").jobs().get(0)
                .flags().get("decay_taus"));
    }

    @Test
    void badKeysAndValuesAreOneLineErrors() {
        String unknown = assertThrows(InvalidInputException.class, () -> grid("{\"task\": \"go-nogo\", \"Nn\": 3}"))
                .getMessage();
        assertTrue(unknown.startsWith("g.json: key \"Nn\" is not a train flag nor a sweep key"), unknown);
        assertTrue(assertThrows(InvalidInputException.class, () -> grid("{\"task\": \"go-nogo\", \"networks\": 3}"))
                .getMessage().contains("set by the sweep itself"));
        assertTrue(assertThrows(InvalidInputException.class, () -> grid("{\"N\": 3}")).getMessage()
                .contains("\"task\" is required"));
        assertTrue(assertThrows(InvalidInputException.class, () -> grid("{\"task\": \"go-nogo\", \"N\": []}"))
                .getMessage().contains("empty list"));
        assertTrue(assertThrows(InvalidInputException.class, () -> grid("{\"task\": \"go-nogo\", \"N\": [[1]]}"))
                .getMessage().contains("lists of lists only for decay_taus"));
        assertTrue(assertThrows(InvalidInputException.class, () -> grid("{\"task\": \"go-nogo\", \"N\": null}"))
                .getMessage().contains("found null"));
        assertTrue(assertThrows(InvalidInputException.class, () -> grid("{\"task\": \"go-nogo\","
                + " \"spike_eval_trials\": [10, 20]}")).getMessage().contains("positive integer (one value, not swept)"));
        assertTrue(assertThrows(InvalidInputException.class, () -> grid("[1]")).getMessage()
                .contains("expected a JSON object"));
    }

    @Test
    void postTrainingKeys() {
        Grid.PostTraining p = grid("{\"task\": \"go-nogo\", \"grid_search\": true, \"grid_search_trials\": 20,"
                + " \"grid_search_factors\": \"20:5:40\", \"spike_eval\": true, \"spike_eval_trials\": 50}").post();
        assertEquals(new Grid.PostTraining(true, 20, "20:5:40", true, 50), p);
    }

    @Test
    void jobsOfOneShapePackIntoEnsemblesSeededByTheirFirstJob() {
        SweepPlan plan = SweepPlan.create(Json.parse("{\"task\": \"go-nogo\", \"N\": [10, 20], \"seed\": [1, 2, 3, 4,"
                + " 5]}", "g"), TRAIN, 3, "g");
        assertEquals(4, plan.packs().size());
        assertEquals(new SweepPlan.Pack(0, 1, List.of(1, 2, 3)), plan.packs().get(0));
        assertEquals(new SweepPlan.Pack(1, 4, List.of(4, 5)), plan.packs().get(1));
        assertEquals(new SweepPlan.Pack(2, 1, List.of(6, 7, 8)), plan.packs().get(2));
        assertEquals(new SweepPlan.Pack(3, 4, List.of(9, 10)), plan.packs().get(3));
        assertEquals(1, plan.packOf(5).networkOf(5));
        SweepPlan again = SweepPlan.fromJson(Json.parse(Json.write(plan.toJson()), "s"), TRAIN, "s");
        assertEquals(plan.packs(), again.packs());
        assertEquals(plan.jobs(), again.jobs());
        assertEquals(1, SweepPlan.create(Json.parse("{\"task\": \"go-nogo\", \"seed\": [1, 2]}", "g"), TRAIN, 1, "g")
                .packs().get(0).jobs().size());
    }
}
