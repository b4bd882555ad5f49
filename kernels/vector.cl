// Trials ride in vector lanes: floatV holds VW trials (VW a build-time constant: 16 on a CPU device, tuned per
// GPU). VLOAD/VSTORE move VW consecutive elements starting at element pointer p.

#define EIRNN_CAT_(a, b) a##b
#define EIRNN_CAT(a, b) EIRNN_CAT_(a, b)

#if VW == 1
#define floatV float
#define uintV uint
#define VLOAD(p) (*(p))
#define VSTORE(v, p) (*(p) = (v))
#else
#define floatV EIRNN_CAT(float, VW)
#define uintV EIRNN_CAT(uint, VW)
#define VLOAD(p) EIRNN_CAT(vload, VW)(0, p)
#define VSTORE(v, p) EIRNN_CAT(vstore, VW)(v, 0, p)
#endif
