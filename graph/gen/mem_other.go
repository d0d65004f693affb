//go:build !linux

package gen

// physicalMemory returns 0 (unknown) where the OS is not asked; the generator
// limits (graph.MaxNodes, MaxArcs) still apply.
func physicalMemory() uint64 { return 0 }

// memoryAvailable is what checkSize compares a build's peak with (0:
// unknown, anything is admitted); tests replace it.
var memoryAvailable = physicalMemory
