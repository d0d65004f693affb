//go:build !linux

package graph

// physicalMemory returns 0 (unknown) where the OS is not asked; the builder
// then only refuses arc counts that no slice can hold.
func physicalMemory() uint64 { return 0 }
