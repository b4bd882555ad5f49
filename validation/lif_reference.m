function [REC, spk, rs, out, IPSCs] = lif_reference(model_path, scaling_factor, u, v0)
% The loop of spikeRNN's LIF_network_fnc.m as spec section 4 restates it, statement by statement in MATLAB's order,
% with the given initial voltages v0 and without the randn(N,1)/10 voltage noise; everything in double
% (downsample 1, no artificial stimulation). Used by check_lif.m to cross-check eirnn's LIF simulation.
S = load(model_path);
N = double(S.N);
w = double(S.w); m = double(S.m); som_m = double(S.som_m);
w_in = double(S.w_in); w_out = double(S.w_out);
taus = double(S.taus); taus_gaus = double(S.taus_gaus);

w = w*m;
w = w.*som_m;
W = w/scaling_factor;

downsample = 1;
dt = 0.00005*downsample;
u = u(:, 1:downsample:end);
ext_stim = w_in*u;
T = (size(u, 2) - 1)*dt*100;
nt = round(T/dt);
tref = 0.002; tm = 0.010; vreset = -65; vpeak = -40;
if numel(taus) > 1
  td = (1./(1 + exp(-taus_gaus))*(taus(2) - taus(1)) + taus(1))*5/1000;
else
  td = taus*5/1000;
end
tr = 0.002;
BIAS = vpeak;

v = v0; IPSC = zeros(N, 1); h = zeros(N, 1); r = zeros(N, 1); hr = zeros(N, 1);
JD = zeros(N, 1); tlast = zeros(N, 1);
REC = zeros(nt, N); spk = zeros(N, nt); rs = zeros(N, nt); IPSCs = zeros(N, nt);
for i = 1:nt
  IPSCs(:, i) = IPSC;
  I = IPSC + BIAS;
  I = I + ext_stim(:, round(i/100) + 1);
  dv = (dt*i > tlast + tref).*(-v + I)/tm;
  v = v + dt*(dv);
  index = find(v >= vpeak);
  if length(index) > 0
    JD = sum(W(:, index), 2);
  end
  tlast = tlast + (dt*i - tlast).*(v >= vpeak);
  IPSC = IPSC.*exp(-dt./td) + h*dt;
  h = h*exp(-dt/tr) + JD*(length(index) > 0)./(tr*td);
  r = r.*exp(-dt./td) + hr*dt;
  hr = hr*exp(-dt/tr) + (v >= vpeak)./(tr.*td);
  rs(:, i) = r;
  spk(:, i) = v >= vpeak;
  v = v + (30 - v).*(v >= vpeak);
  REC(i, :) = v;
  v = v + (vreset - v).*(v >= vpeak);
end
REC = REC';
out = w_out/scaling_factor*rs;
end
