function check_lif(model_path, scaling_factor, u_path, v0_path, lif_path)
% eirnn lif (CPU reference, no noise, given v0) against lif_reference.m on the same model, stimulus and v0:
% the same spikes at the same steps, and REC, rs, out, IPSCs equal up to rounding.
U = load(u_path); V = load(v0_path); E = load(lif_path);
[REC, spk, rs, out, IPSCs] = lif_reference(model_path, scaling_factor, U.u, V.v0);
assert(nnz(spk) > 0, 'the reference network does not spike');
assert(isequal(size(E.spk), size(spk)), 'spk has size %s, expected %s', mat2str(size(E.spk)), mat2str(size(spk)));
assert(isequal(find(E.spk), find(spk)), 'spike sets differ: eirnn %d spikes, reference %d', nnz(E.spk), nnz(spk));
tol = @(a, b) max(abs(a(:) - b(:))) / max(1, max(abs(b(:))));
assert(tol(E.REC, REC) < 1e-9, 'REC differs by %g', tol(E.REC, REC));
assert(tol(E.rs, rs) < 1e-9, 'rs differs by %g', tol(E.rs, rs));
assert(tol(E.out, out) < 1e-9, 'out differs by %g', tol(E.out, out));
assert(tol(E.params.IPSCs, IPSCs) < 1e-9, 'IPSCs differ by %g', tol(E.params.IPSCs, IPSCs));
assert(max(abs(E.all_fr - sum(spk(:, 10:end), 2)/((size(U.u, 2) - 1)*0.005))) < 1e-9, 'all_fr differs');
printf('ok: eirnn lif equals the LIF_network_fnc.m loop: %d spikes over %d steps, N = %d\n', nnz(spk), size(spk, 2), size(spk, 1));
end
