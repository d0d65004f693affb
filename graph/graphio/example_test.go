package graphio_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/prkbench/prk/graph/graphio"
)

// Read parses an edge list; ids with gaps are renumbered and kept in IDs.
func ExampleRead() {
	const edges = `# FromNodeId	ToNodeId
30	1412
30	3352
3352	30
`
	g, err := graphio.Read(strings.NewReader(edges), "votes.txt", graphio.LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("nodes:", g.N, "arcs:", g.Arcs(), "ids:", g.IDs)
	for i := 0; i < g.N; i++ {
		for _, s := range g.InNeighbors(i) {
			fmt.Printf("%d -> %d\n", g.ID(int(s)), g.ID(i))
		}
	}
	// Output:
	// nodes: 3 arcs: 3 ids: [30 1412 3352]
	// 3352 -> 30
	// 30 -> 1412
	// 30 -> 3352
}

// Write converts between formats: here an edge list to a gzip-compressed
// Matrix Market file, read back with Load.
func ExampleWrite() {
	dir, err := os.MkdirTemp("", "graphio-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	g, err := graphio.Read(strings.NewReader("0 1 2.5\n1 2 1\n2 0 4\n"), "ring.txt", graphio.LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	path := filepath.Join(dir, "ring.mtx.gz")
	if err := graphio.Write(path, g, graphio.WriteOptions{}); err != nil {
		fmt.Println(err)
		return
	}
	back, err := graphio.Load(path, graphio.LoadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("nodes:", back.N, "arcs:", back.Arcs(), "weighted:", back.Weighted())
	// Output:
	// nodes: 3 arcs: 3 weighted: true
}

func ExampleDetectFormat() {
	for _, name := range []string{"cnr-2000.txt.gz", "bcsstk17.mtx", "4elt.graph", "web.prkg", "graph.dot"} {
		format, err := graphio.DetectFormat(name)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(name, "->", format)
	}
	// Output:
	// cnr-2000.txt.gz -> edgelist
	// bcsstk17.mtx -> mtx
	// 4elt.graph -> metis
	// web.prkg -> prkg
	// graph.dot: unknown graph file extension ".dot"; name the format with --format (one of edgelist, mtx, metis, prkg)
}

// Bad input is a *ParseError that names the file, the line and the problem.
func ExampleParseError() {
	_, err := graphio.Read(strings.NewReader("1 2\n3 -4\n"), "bad.txt", graphio.LoadOptions{})
	var pe *graphio.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.File, pe.Line)
	}
	fmt.Println(err)
	// Output:
	// bad.txt 2
	// bad.txt:2: target id "-4" is negative: ids must be non-negative integers
}
