package graphio

import (
	"context"

	"github.com/prkbench/prk/graph"
)

// Write is WriteContext without cancellation.
func Write(path string, g *graph.CSR, opts WriteOptions) error {
	return WriteContext(context.Background(), path, g, opts)
}
