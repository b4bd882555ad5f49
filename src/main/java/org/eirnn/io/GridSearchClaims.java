package org.eirnn.io;

import com.jmatio.types.MLArray;
import com.jmatio.types.MLChar;
import com.jmatio.types.MLNumericArray;
import org.eirnn.io.ModelRecord.GridSearchResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Lets grid searches running at the same time (several {@code eirnn grid-search} processes, on one or several hosts,
 * or MATLAB's lambda_grid_search.m) share a folder of model files: each file is searched by one of them, and every
 * result lands in its file.
 *
 * <p>A search claims a file before it starts, as lambda_grid_search.m does, by writing {@code opt_scaling_factor =
 * NaN} into it (other searches skip such a file), plus {@value #CLAIM} = "pid host epoch-seconds" naming the
 * claimant. The result replaces both. Claiming and writing a result happen under an exclusive lock on the folder's
 * {@value #LOCK} ({@link FileChannel#lock}, and a lock within this JVM), so two searches never claim the same file
 * nor overwrite each other's result. A claim is stale, and is taken over, when its process is gone (same host) or it
 * is older than {@link #STALE_CLAIM} (another host; or MATLAB's claim, which names nobody: the file's age counts).
 */
public final class GridSearchClaims {
    /** The variable naming the search that claimed a file. */
    public static final String CLAIM = MatModelFile.PREFIX + "grid_claim";
    /** The side file locked while a claim or a result is written. */
    public static final String LOCK = ".eirnn-grid-search.lock";
    /** Age after which any claim is taken over (a search of one model takes minutes). */
    public static final Duration STALE_CLAIM = Duration.ofHours(24);

    private static final Map<Path, ReentrantLock> LOCAL = new ConcurrentHashMap<>();

    private GridSearchClaims() {
    }

    /** What a file's grid-search variables say: opt_scaling_factor (null if absent) and the claimant (or null). */
    record State(Double optScalingFactor, String claimant) {
        boolean finished() {
            return optScalingFactor != null && !optScalingFactor.isNaN();
        }
    }

    /**
     * Claims {@code file} for this process: true when this process may search it now. False, with the reason given to
     * {@code say}, when it already has a result (unless {@code force}) or a live search elsewhere claimed it.
     */
    public static boolean claim(Path file, boolean force, Consumer<String> say) throws IOException {
        return locked(file, () -> {
            State state = state(file);
            if (state.finished() && !force) {
                say.accept(file + ": skipped, it already has opt_scaling_factor = " + state.optScalingFactor()
                        + "; --force searches again");
                return false;
            }
            if (state.optScalingFactor() != null && state.optScalingFactor().isNaN() && !isStale(file, state)) {
                say.accept(file + ": skipped, a search in progress claimed it ("
                        + (state.claimant() == null ? "opt_scaling_factor = NaN, no owner named: MATLAB's"
                        + " lambda_grid_search.m" : "process " + state.claimant()) + "); taken over once it is "
                        + STALE_CLAIM.toHours() + " h old");
                return false;
            }
            if (state.claimant() != null && state.optScalingFactor() != null && state.optScalingFactor().isNaN()) {
                say.accept(file + ": taking over the stale claim of process " + state.claimant());
            }
            ByteArrayOutputStream appended = new ByteArrayOutputStream();
            MatFileLayout layout = MatFileLayout.scan(file, MatDecoder.readBytes(file, "model file"));
            MatFileEncoder enc = MatFileEncoder.elements(appended, layout.order);
            enc.dbl("opt_scaling_factor", new int[] {1, 1}, new double[] {Double.NaN});
            enc.chars(CLAIM, Writers.PID + " " + Writers.HOST + " " + Instant.now().getEpochSecond());
            AtomicFiles.write(file, layout.replacing(claimVariables(), appended.toByteArray()));
            return true;
        });
    }

    /** Writes the result of a search of a claimed file (replacing the claim), under the folder's lock. */
    public static void complete(Path file, GridSearchResult result) throws IOException {
        locked(file, () -> {
            MatModelFile.appendGridSearch(file, result);
            return null;
        });
    }

    private static Set<String> claimVariables() {
        Set<String> names = new HashSet<>(MatModelFile.GRID_VARIABLES);
        names.add(CLAIM);
        return names;
    }

    /** The grid-search variables of a file, decoding only those. */
    static State state(Path file) throws IOException {
        byte[] bytes = MatDecoder.readBytes(file, "model file");
        MatFileLayout layout = MatFileLayout.scan(file, bytes);
        Set<String> wanted = Set.of("opt_scaling_factor", CLAIM);
        ByteArrayOutputStream only = new ByteArrayOutputStream();
        only.write(bytes, 0, MatFileLayout.HEADER_BYTES);
        for (MatFileLayout.Element e : layout.elements) {
            if (wanted.contains(e.name())) {
                only.write(bytes, e.offset(), e.end() - e.offset());
            }
        }
        Map<String, MLArray> vars = MatDecoder.read(file, only.toByteArray(), name -> true, new ArrayList<>());
        Double opt = null;
        if (vars.get("opt_scaling_factor") instanceof MLNumericArray<?> a && a.getSize() == 1) {
            opt = MatArrays.values(a)[0];
        }
        String claimant = vars.get(CLAIM) instanceof MLChar c && c.getM() == 1 ? c.getString(0).trim() : null;
        return new State(opt, claimant);
    }

    /** A claim whose process is gone, or older than {@link #STALE_CLAIM} (MATLAB's: by the file's age). */
    private static boolean isStale(Path file, State state) throws IOException {
        Instant since = Files.getLastModifiedTime(file).toInstant();
        if (state.claimant() != null) {
            String[] parts = state.claimant().split(" ");
            try {
                long pid = Long.parseLong(parts[0]);
                if (parts.length == 3 && Writers.isGone(pid, parts[1])) {
                    return true;
                }
                if (parts.length == 3) {
                    since = Instant.ofEpochSecond(Long.parseLong(parts[2]));
                }
            } catch (NumberFormatException e) {
                // a claimant eirnn did not write: judge by the file's age
            }
        }
        return since.isBefore(Instant.now().minus(STALE_CLAIM));
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} holding the folder's lock: a JVM-wide lock, then the file lock other processes see. */
    private static <T> T locked(Path file, Locked<T> action) throws IOException {
        Path lockFile = file.toAbsolutePath().normalize().resolveSibling(LOCK);
        ReentrantLock local = LOCAL.computeIfAbsent(lockFile, k -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            return action.run();
        } finally {
            local.unlock();
        }
    }
}
