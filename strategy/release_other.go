//go:build !linux

package strategy

// releaseMemory does nothing where pages cannot be returned piecemeal; the
// arcs are freed with the graph's arrays when nothing else holds them.
func releaseMemory[T any](s []T) {}
