package main

import (
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/strategy"
)

// engineFlags say how the iteration is laid out: layout, precision, order.
func engineFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "layout", Value: string(strategy.LayoutCSR), EnvVars: []string{"PRK_LAYOUT"},
			Usage: "how in-arcs are stored for the row sums: " + joinNames(strategy.Layouts) + " (segmented: cache-sized source windows, 16-bit sources)"},
		&cli.StringFlag{Name: "precision", Value: string(strategy.F64), EnvVars: []string{"PRK_PRECISION"},
			Usage: "contribution vector type: " + joinNames(strategy.Precisions) + " (f32 halves the bytes read at random; scores and sums stay float64)"},
		&cli.StringFlag{Name: "order", Value: string(strategy.OrderNone), EnvVars: []string{"PRK_ORDER"},
			Usage: "renumber nodes for locality before solving: " + joinNames(strategy.Orders) + " (outputs keep the file's ids)"},
	}
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
