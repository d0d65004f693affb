package subprocess

import (
	"fmt"

	"github.com/prkbench/prk/strategy"
)

// SupportsEngine says which engines the workers run, so that an auto
// engine (strategy.Engine.Resolve) never picks one Prepare would refuse:
// workers compute CSR blocks and ship float64 contributions; any order
// works, since a renumbered graph is shipped like any other.
func (s *subprocess) SupportsEngine(e strategy.Engine) error {
	if e.Layout != strategy.LayoutCSR || e.Precision != strategy.F64 {
		return fmt.Errorf("strategy %s: engine %s is not supported yet (layout csr and precision f64 only; any order works)", Name, e)
	}
	return nil
}
