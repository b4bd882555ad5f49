package org.eirnn.io;

import com.jmatio.io.MatFileReader;
import com.jmatio.io.MatFileType;
import com.jmatio.types.MLDouble;
import org.eirnn.cli.ExportSampleCommand;
import org.eirnn.io.ModelRecord.GridSearchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.eirnn.io.ReferenceImportTest.factors;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec §5 results appended as MATLAB's save -append does: every other variable keeps its bytes. */
class GridSearchAppendTest {
    @TempDir
    Path dir;

    private static final double[] PERFS = {0.2, 0.96, 0.99, 0.99, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2};

    /** Name → bytes of each variable's data element. */
    private static Map<String, byte[]> elements(Path file) throws Exception {
        MatFileLayout layout = MatFileLayout.scan(file, Files.readAllBytes(file));
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (MatFileLayout.Element e : layout.elements) {
            out.put(e.name(), Arrays.copyOfRange(layout.bytes, e.offset(), e.end()));
        }
        return out;
    }

    @Test
    void claimThenResultKeepsEveryOtherVariableByteForByte() throws Exception {
        Path file = dir.resolve("model.mat");
        ModelRecord rec = ExportSampleCommand.sample("go-nogo", 12, 0, true, 31, 3);
        MatModelFile.write(file, rec);
        Map<String, byte[]> before = elements(file);

        MatModelFile.appendGridSearch(file, new GridSearchResult(Double.NaN, null, null));
        GridSearchResult claimed = MatModelFile.read(file).record().grid();
        assertTrue(Double.isNaN(claimed.optScalingFactor()));
        assertNull(claimed.allPerfs());

        MatModelFile.appendGridSearch(file, new GridSearchResult(30, PERFS, factors()));
        Map<String, byte[]> after = elements(file);
        for (Map.Entry<String, byte[]> e : before.entrySet()) {
            assertArrayEquals(e.getValue(), after.get(e.getKey()), e.getKey());
        }
        List<String> names = List.copyOf(after.keySet());
        assertEquals(List.copyOf(before.keySet()), names.subList(0, before.size()));
        assertEquals(List.of("opt_scaling_factor", "all_perfs", "scaling_factors"), names.subList(before.size(),
                names.size()));

        MatVariables v = new MatVariables(file, new MatFileReader(file.toFile()).getContent());
        assertEquals("double", v.className("all_perfs"));
        assertArrayEquals(new int[] {12, 1}, v.dims("all_perfs"));
        assertArrayEquals(new int[] {1, 12}, v.dims("scaling_factors"));
        assertArrayEquals(new int[] {1, 1}, v.dims("opt_scaling_factor"));
        GridSearchResult grid = MatModelFile.read(file).record().grid();
        assertEquals(30.0, grid.optScalingFactor());
        assertArrayEquals(PERFS, grid.allPerfs());
        assertArrayEquals(factors(), grid.scalingFactors());
        assertTrue(MatModelFile.read(file).record().network().sameParameters(rec.network()));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList());
        }
    }

    @Test
    void appendReplacesEveryEarlierCopyMatlabLeft() throws Exception {
        Path file = dir.resolve("model.mat");
        MatModelFile.write(file, ExportSampleCommand.sample("go-nogo", 8, 0, true, 32, 2));
        ReferenceImportTest.appendDoubles(file, "opt_scaling_factor", 1, 1, Double.NaN);
        ReferenceImportTest.appendDoubles(file, "opt_scaling_factor", 1, 1, 45);
        MatModelFile.appendGridSearch(file, new GridSearchResult(20, PERFS, factors()));
        assertEquals(1, MatFileLayout.scan(file, Files.readAllBytes(file)).elements.stream()
                .filter(e -> e.name().equals("opt_scaling_factor")).count());
        assertEquals(20.0, MatModelFile.read(file).record().grid().optScalingFactor());
    }

    /** scipy writes little-endian files: the appended elements must follow the file's byte order. */
    @Test
    void littleEndianFileGetsLittleEndianElements() throws Exception {
        byte[] header = HostileMatFiles.header(); // little-endian, as scipy writes
        Path file = dir.resolve("scipy.mat");
        Files.write(file, header);
        java.io.ByteArrayOutputStream element = new java.io.ByteArrayOutputStream();
        MatFileEncoder.elements(element, java.nio.ByteOrder.LITTLE_ENDIAN).dbl("a", new int[] {2, 1},
                new double[] {1.5, -2.5});
        byte[] a = element.toByteArray();
        byte[] withA = Arrays.copyOf(header, header.length + a.length);
        System.arraycopy(a, 0, withA, header.length, a.length);
        Files.write(file, withA);

        MatModelFile.appendGridSearch(file, new GridSearchResult(35, PERFS, factors()));
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(withA, Arrays.copyOf(bytes, withA.length));
        Map<String, com.jmatio.types.MLArray> vars = new MatFileReader(new ByteArrayInputStream(bytes),
                MatFileType.Regular).getContent();
        assertEquals(-2.5, ((MLDouble) vars.get("a")).get(1));
        assertEquals(35.0, ((MLDouble) vars.get("opt_scaling_factor")).get(0));
        assertEquals(PERFS[11], ((MLDouble) vars.get("all_perfs")).get(11));
        assertEquals(75.0, ((MLDouble) vars.get("scaling_factors")).get(0, 11));
    }
}
