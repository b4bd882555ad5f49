package org.eirnn.io;

import com.jmatio.io.MatFileReader;
import com.jmatio.types.MLDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MatResultsTest {
    @TempDir
    Path dir;

    /** MATLAB's a(i,j,k) (1-based in MATLAB) is the row-major element [i][j][k]. */
    @Test
    void twoAndThreeDimensionalArraysKeepTheirIndexing() throws Exception {
        double[] cube = new double[2 * 3 * 4];
        for (int k = 0; k < cube.length; k++) {
            cube[k] = k;
        }
        Path file = dir.resolve("r.mat");
        MatResults.write(file, List.of(new MatResults.Variable("cube", new int[] {2, 3, 4}, cube),
                new MatResults.Variable("m", new int[] {2, 3}, new double[] {1, 2, 3, 4, 5, 6}),
                MatResults.Variable.scalar("s", 0.5)));
        var vars = new MatFileReader(file.toFile()).getContent();
        MLDouble c = (MLDouble) vars.get("cube");
        assertArrayEquals(new int[] {2, 3, 4}, c.getDimensions());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals((i * 3 + j) * 4 + k, c.get(i + 2 * (j + 3 * k)), 0.0);
                }
            }
        }
        assertEquals(6.0, ((MLDouble) vars.get("m")).get(1, 2));
        assertEquals(0.5, ((MLDouble) vars.get("s")).get(0));
    }
}
