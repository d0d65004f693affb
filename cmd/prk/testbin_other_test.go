//go:build !unix

package main

// The signal tests, and the binary they build, are Unix-only.
func removeTestBinary() {}
