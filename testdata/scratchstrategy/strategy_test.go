package scratchstrategy_test

import (
	"testing"

	"github.com/prkbench/prk/strategy/strategytest"

	"example.com/scratchstrategy"
)

func TestConformance(t *testing.T) {
	strategytest.Run(t, scratchstrategy.Name, strategytest.Workers([]int{1, 2, 3}))
}
