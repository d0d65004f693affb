package main

import (
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/strategy"
)

// engineFlags say how the iteration is laid out: layout, precision, order.
func engineFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "layout", Value: string(strategy.LayoutAuto), EnvVars: []string{"PRK_LAYOUT"},
			Usage: "how in-arcs are stored for the row sums: " + joinNames(strategy.Layouts) + ", or auto (segmented: cache-sized source windows, a row's arcs summed per window; blocked: rows and sources both cut, 4 bytes an arc; hybrid: each window segmented or blocked by its density; auto: hybrid from 2^19 nodes if the strategy runs it)"},
		&cli.StringFlag{Name: "precision", Value: string(strategy.F64), EnvVars: []string{"PRK_PRECISION"},
			Usage: "contribution vector type: " + joinNames(strategy.Precisions) + " (f32 halves the bytes read at random; scores and sums stay float64)"},
		&cli.StringFlag{Name: "order", Value: string(strategy.OrderAuto), EnvVars: []string{"PRK_ORDER"},
			Usage: "renumber nodes for locality before solving: " + joinNames(strategy.Orders) + ", or auto (outputs keep the file's ids; auto: degree from 2^19 nodes when hubs send most arcs)"},
	}
}

// engineListFlags are engineFlags for prk bench: comma-separated lists,
// every combination timed.
func engineListFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "layout", Usage: "layouts to time, comma-separated (default: csr; have: " + joinNames(strategy.Layouts) + ", auto)"},
		&cli.StringSliceFlag{Name: "precision", Usage: "precisions to time, comma-separated (default: f64; have: " + joinNames(strategy.Precisions) + ")"},
		&cli.StringSliceFlag{Name: "order", Usage: "node orders to time, comma-separated (default: none; have: " + joinNames(strategy.Orders) + ", auto)"},
	}
}

// engineList reads engineListFlags: every combination of the values given,
// each checked (a bad value is a usage error).
func engineList(c *cli.Context) ([]strategy.Engine, error) {
	or := func(v []string, def string) []string {
		if len(v) == 0 {
			return []string{def}
		}
		return v
	}
	var engines []strategy.Engine
	for _, l := range or(listFlag(c, "layout"), string(strategy.LayoutCSR)) {
		for _, p := range or(listFlag(c, "precision"), string(strategy.F64)) {
			for _, o := range or(listFlag(c, "order"), string(strategy.OrderNone)) {
				e := strategy.Engine{Layout: strategy.Layout(l), Precision: strategy.Precision(p), Order: strategy.Order(o)}
				if err := e.Validate(); err != nil {
					return nil, usageError{err}
				}
				engines = append(engines, e)
			}
		}
	}
	return engines, nil
}

// engineOption reads the engine flags; a bad value is a usage error.
func engineOption(c *cli.Context) (strategy.ProblemOption, strategy.Engine, error) {
	e := strategy.Engine{
		Layout:    strategy.Layout(c.String("layout")),
		Precision: strategy.Precision(c.String("precision")),
		Order:     strategy.Order(c.String("order")),
	}
	if err := e.Validate(); err != nil {
		return nil, e, usageError{err}
	}
	return strategy.WithEngine(e), e, nil
}

func joinNames[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
