package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/prkbench/prk/graph"
)

// readNodeVector reads "id value" lines (the file's own ids, as --out writes
// them) into a vector over g's nodes; nodes not listed get 0. Every problem
// is reported with the file and line.
func readNodeVector(path string, g *graph.CSR) ([]float64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = bufio.NewReader(f)
	if strings.HasSuffix(path, ".gz") {
		z, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		r = z
	}
	v := make([]float64, g.N)
	seen := make([]bool, g.N)
	denseID := g.Indexer()
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 64<<10), 1<<20)
	line, entries := 0, 0
	for s.Scan() {
		line++
		text := strings.TrimSpace(s.Text())
		if text == "" || text[0] == '#' || text[0] == '%' {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) != 2 {
			return nil, fmt.Errorf("%s:%d: want 2 columns (id value), got %d", path, line, len(fields))
		}
		id, err := strconv.ParseUint(fields[0], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: node id %q is not a non-negative integer", path, line, fields[0])
		}
		val, err := strconv.ParseFloat(fields[1], 64)
		if err != nil || math.IsNaN(val) || math.IsInf(val, 0) || val < 0 {
			return nil, fmt.Errorf("%s:%d: value %q is not a finite non-negative number", path, line, fields[1])
		}
		node, ok := denseID(id)
		if !ok {
			return nil, fmt.Errorf("%s:%d: node %d is not in the graph", path, line, id)
		}
		if seen[node] {
			return nil, fmt.Errorf("%s:%d: node %d listed twice", path, line, id)
		}
		seen[node] = true
		v[node] = val
		entries++
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", path, line+1, err)
	}
	if entries == 0 {
		return nil, fmt.Errorf("%s: %w", path, errEmptyVector)
	}
	return v, nil
}
