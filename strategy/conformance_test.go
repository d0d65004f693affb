package strategy_test

import (
	"testing"

	"github.com/prkbench/prk/strategy/strategytest"
)

// Every built-in strategy passes the conformance suite.

func TestSerialConformance(t *testing.T) { strategytest.Run(t, "serial") }

func TestMutexConformance(t *testing.T) { strategytest.Run(t, "mutex") }

func TestLockfreeConformance(t *testing.T) { strategytest.Run(t, "lockfree") }

// The worked example of docs/strategies.md (example_test.go) passes too.
func TestChunkedGoroutinesConformance(t *testing.T) {
	strategytest.Run(t, "chunked-goroutines", strategytest.Workers([]int{1, 3}))
}
