package order

import (
	"fmt"
	"sort"
	"strings"

	"github.com/prkbench/prk/graph"
)

// byName is every order a graph can be stored in, by the name prk's flags
// use: one row per order.
var byName = map[string]func(*graph.CSR) []uint32{
	"degree": Degree,
	"dbg":    DBG,
}

// Names returns the names Number accepts, sorted.
func Names() []string {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Number returns the newID of the order called name ("degree", "dbg").
func Number(name string, g *graph.CSR) ([]uint32, error) {
	f, ok := byName[name]
	if !ok {
		return nil, fmt.Errorf("order: unknown order %q (have: %s)", name, strings.Join(Names(), ", "))
	}
	return f(g), nil
}

// Stored returns g renumbered by newID for storing (prk convert --order):
// Permute's graph, which still speaks g's ids: it keeps g.IDs and records
// in Order where each node stood in the file, so a .prkg written from it
// solves without renumbering and every output names the file's ids.
func Stored(g *graph.CSR, newID []uint32, workers int) (*graph.CSR, error) {
	h, err := Permute(g, newID, workers)
	if err != nil {
		return nil, err
	}
	h.IDs = g.IDs
	h.Order = make([]uint32, g.N)
	for old, nw := range newID {
		f := uint32(old)
		if g.Order != nil {
			f = g.Order[old]
		}
		h.Order[nw] = f
	}
	return h, nil
}

// FileOrder returns g in the file's order: g itself when g.Order is nil,
// else g renumbered back (what a format without an order section writes).
func FileOrder(g *graph.CSR, workers int) (*graph.CSR, error) {
	if g.Order == nil {
		return g, nil
	}
	h, err := Permute(g, g.Order, workers)
	if err != nil {
		return nil, err
	}
	h.IDs = g.IDs
	return h, nil
}
