package strategytest

import (
	"testing"

	"github.com/prkbench/prk/graph"
	"github.com/prkbench/prk/graph/gen"
	"github.com/prkbench/prk/graph/graphio"
)

// seedCases are the study's random graphs, made by package gen.
func seedCases() []scoreCase {
	var cases []scoreCase
	for _, spec := range []string{"seed:100", "seed:1000"} {
		cases = append(cases, scoreCase{name: spec, graph: synthetic(spec, func() (*graph.CSR, error) {
			return gen.Generate(spec, graph.BuildOptions{})
		})})
	}
	return cases
}

// realGraphs are the project's real graphs the suite solves, by file name
// in the data folder; big ones only outside short mode.
var realGraphs = []struct {
	file string
	big  bool
}{
	{"wiki-Vote.txt.gz", false},
	{"email-Eu-core.txt.gz", false},
	{"p2p-Gnutella04.txt.gz", false},
	{"p2p-Gnutella08.txt.gz", false},
	{"cnr-2000.txt.gz", true},
	{"uk-2007-05@100000.txt.gz", true},
}

// realCases are the real graphs, loaded by package graphio. The big ones
// run the study's ten iterations only: a converged solve of theirs takes
// seconds per strategy, worker count and kernel.
func realCases() []scoreCase {
	var cases []scoreCase
	for _, rg := range realGraphs {
		c := scoreCase{name: rg.file, real: true, big: rg.big,
			graph: func(t *testing.T, s *settings) *graph.CSR {
				path := dataFile(t, s, rg.file)
				return mustGraph(t, graphKey(rg.file, s, true), func() (*graph.CSR, error) {
					return graphio.Load(path, graphio.LoadOptions{})
				})
			}}
		if rg.big {
			c.stops = []stopRule{stopTenIterations}
		} else {
			c.stops = []stopRule{stopTenIterations, stopTight}
		}
		cases = append(cases, c)
	}
	return cases
}
