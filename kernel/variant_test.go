package kernel

// variant is a kernel as the tests and benchmarks name it. Every
// implementation is a registered kernel under its exact name (the registry
// holds avx512-gather and avx512-loads alike), so the variants under test
// are the registered ones this CPU supports.
type variant struct {
	name      string
	k         *Kernel
	supported func() bool
}
