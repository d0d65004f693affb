package subprocess

import "github.com/prkbench/prk/strategy"

// unwrap returns the subprocess strategy behind the guard strategy.New
// wraps around it, for tests that look at its workers.
func unwrap(st strategy.Strategy) *subprocess {
	return st.(interface{ Unwrap() strategy.Strategy }).Unwrap().(*subprocess)
}
