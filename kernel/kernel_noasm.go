//go:build purego || !(amd64 || arm64)

package kernel

// This build has no assembly: the purego tag asks for none, or the GOARCH
// has none. Only the generic kernel is registered.

// scalarLoadKernels names the kernels that sum rows of up to 3 arcs exactly
// as generic does; without assembly there are none besides generic.
func scalarLoadKernels() []string { return nil }
