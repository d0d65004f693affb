//go:build !linux

package gen

// physicalMemory returns 0 (unknown) where the OS is not asked; the generator
// limits (graph.MaxNodes, MaxArcs) still apply.
func physicalMemory() uint64 { return 0 }
