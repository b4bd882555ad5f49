function check_model(file, N_expected, NIN_expected, T_expected)
  % Loads an eirnn model file the way spikeRNN's MATLAB scripts do and checks it against spec §2.7 (class and
  % size of every variable, from spec27.tsv) and §11 (invariants), then evaluates the effective recurrent matrix
  % (w*m).*som_m as LIF_network_fnc.m does and checks the stored trajectories against the rate equation (§2.2).
  % Errors (non-zero exit of octave-cli) on the first failure.
  S = load(file);
  here = fileparts(mfilename('fullpath'));
  N = double(S.N); NIN = size(S.w_in, 2); T = size(S.u, 2);
  E = size(S.eval_os, 1); L = numel(S.losses); K = numel(S.taus);
  expect(N == N_expected && NIN == NIN_expected && T == T_expected, ...
         sprintf('N, N_in, T = %d, %d, %d; expected %d, %d, %d', N, NIN, T, N_expected, NIN_expected, T_expected));

  % §2.7: classes and sizes.
  fid = fopen(fullfile(here, 'spec27.tsv'));
  while true
    line = fgetl(fid);
    if ~ischar(line), break; end
    if isempty(line) || line(1) == '#', continue; end
    f = strsplit(line, "\t");
    name = f{1}; cls = f{2};
    expect(isfield(S, name), ['missing variable ' name]);
    v = S.(name);
    if strcmp(cls, 'labels')
      if ischar(v)
        expect(isequal(size(v), [E 4]) && all(ismember(cellstr(v), {'same', 'diff'})), 'eval_labels: E×4 same/diff');
      else
        expect(isa(v, 'double') && isequal(size(v), [1 E]), 'eval_labels: double 1×E');
      end
      continue;
    end
    expect(isa(v, cls), sprintf('%s is %s, expected %s', name, class(v), cls));
    dims = strsplit(f{3}, ',');
    want = zeros(1, numel(dims));
    for k = 1:numel(dims)
      if strcmp(dims{k}, '-'), want(k) = size(v, k); else want(k) = eval(dims{k}); end
    end
    while numel(want) > 2 && want(end) == 1, want(end) = []; end
    expect(isequal(size(v), want), sprintf('%s is %s, expected %s', name, mat2str(size(v)), mat2str(want)));
  end
  fclose(fid);

  % §11: signs, E/I flags and the SOM mask.
  m = double(S.m); inh = S.inh; exc = S.exc;
  expect(isequal(m, diag(diag(m))), 'm is not diagonal');
  expect(all(diag(m)(inh) == -1) && all(diag(m)(exc) == 1), 'm_ii = -1 exactly for inhibitory units');
  expect(isequal(exc, ~inh), 'exc = ~inh');
  inh_idx = find(inh); som = inh_idx(1:double(S.som_N));
  som_expected = ones(N); som_expected(som, inh_idx) = 0;
  expect(isequal(double(S.som_m), som_expected), 'som_m zero exactly at SOM rows x inhibitory columns');
  if isfield(S, 'eirnn_apply_dale'), dale = S.eirnn_apply_dale; else dale = any(inh); end

  % LIF_network_fnc.m: effective weights, computed in single as MATLAB does with single inputs.
  W = (S.w * S.m) .* S.som_m;
  expect(isa(W, 'single'), 'effective matrix is single, as in LIF_network_fnc');
  if dale
    expect(all(S.w(:) >= 0), 'with Dale the stored w is relu(w) >= 0');
    expect(all(all(W(:, inh) <= 0)) && all(all(W(:, exc) >= 0)), 'column signs of (w*m).*som_m follow Dale');
    expect(all(S.w(S.w0 == 0) == 0), 'zero pattern of w0 preserved in w');
  end
  if isfield(S, 'eirnn_exact_w')
    wd = S.eirnn_exact_w; if dale, wd = max(wd, 0); end
    Wd = (wd * m) .* double(S.som_m);
    expect(max(abs(double(W(:)) - Wd(:))) <= 4 * eps('single') * max(abs(Wd(:))), 'single W matches exact W');
  end

  % §2.2: time constants and the stored trajectories obey the rate equation (noise SD 0.1 is all that is left).
  if K == 2
    tau = 1 ./ (1 + exp(-double(S.taus_gaus))) * (S.taus(2) - S.taus(1)) + S.taus(1);
    td = tau * 5 / 1000;
    expect(all(tau > S.taus(1) & tau < S.taus(2)), 'tau strictly inside (tau_min, tau_max)');
    expect(all(abs(td - tau * 0.005) < 1e-12), 'td = tau * 5 ms');
  else
    tau = S.taus(1) * ones(N, 1);
  end
  if strcmp(S.activation, 'sigmoid') && size(S.x, 1) == T
    x = double(S.x)'; r = double(S.r)';  % N×T
    expect(max(max(abs(r - 1 ./ (1 + exp(-x))))) < 1e-6, 'r = sigmoid(x) at every step');
    o = double(S.w_out) * r(:, 2:end) + double(S.b_out);
    expect(max(abs(o(:) - double(S.o(:)))) < 1e-5, 'o(k) = w_out * r(:, k+1) + b_out');
    drive = double(W) * r(:, 1:end-1) + double(S.w_in) * S.u(:, 1:end-1);
    residual = x(:, 2:end) - ((1 - 1 ./ tau) .* x(:, 1:end-1) + (1 ./ tau) .* drive);
    expect(abs(std(residual(:)) - 0.1) < 0.01 && abs(mean(residual(:))) < 0.01, ...
           sprintf('rate-equation residual is the noise N(0, 0.1^2): mean %.4f sd %.4f', mean(residual(:)), std(residual(:))));
  end
  printf('octave: %s OK (%d variables, N=%d, T=%d)\n', file, numel(fieldnames(S)), N, T);
end

function expect(ok, what)
  if ~ok
    error('check_model:failed', 'spec check failed: %s', what);
  end
end
