package benchrun

// Check validates cfg as Run does before loading any graph: strategy names,
// kernels this CPU runs, worker counts, iterations and count, parameters
// (each strategy's factory is asked whether it accepts its settings) and
// graph labels. prk bench calls it to reject bad usage before spending any
// time loading graphs.
func Check(cfg Config) error {
	pl, err := newPlan(cfg)
	if err != nil {
		return err
	}
	return validateCells(pl.cells())
}
