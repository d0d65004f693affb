package graph

import (
	"fmt"
	"reflect"
	"slices"
)

// Label is what may name a node of a Labeled graph: any integer or string
// type (int64 for gonum's node ids, string for names).
type Label interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr |
		~string
}

// Labeled is a graph whose nodes carry labels of the caller's choosing:
// node i of the CSR is called Labels[i]. Labels is strictly ascending, so
// dense order follows label order (as it follows file order for a file's
// ids), and a label is found by binary search.
//
// When the labels are integers that are all non-negative, the CSR's IDs
// hold them too (nil when they are exactly 0..N-1), so writers and every
// function that speaks CSR ids speak the labels. Negative integers and
// strings live only in Labels.
type Labeled[L Label] struct {
	*CSR
	// Labels[i] is node i's label; strictly ascending.
	Labels []L
}

// FromLabeledEdges builds a graph from arcs between labels, such as int64
// ids or string names. The nodes are the labels that occur, numbered in
// ascending label order. opts says how duplicates and direction are
// treated, as for Build.
func FromLabeledEdges[L Label](arcs [][2]L, opts BuildOptions) (*Labeled[L], error) {
	return fromLabeled(arcs, nil, nil, opts)
}

// FromWeightedLabeledEdges is FromLabeledEdges with a weight per arc:
// weights[k] is the weight of arcs[k] (finite and non-negative).
func FromWeightedLabeledEdges[L Label](arcs [][2]L, weights []float64, opts BuildOptions) (*Labeled[L], error) {
	if weights == nil {
		return nil, fmt.Errorf("graph: FromWeightedLabeledEdges needs weights (use FromLabeledEdges for an unweighted graph)")
	}
	return fromLabeled(arcs, weights, nil, opts)
}

// FromLabeledNodesEdges is FromLabeledEdges (FromWeightedLabeledEdges
// when weights is not nil) for a graph that also has nodes no arc
// touches: the nodes are the labels in nodes and those that occur in arcs.
func FromLabeledNodesEdges[L Label](nodes []L, arcs [][2]L, weights []float64, opts BuildOptions) (*Labeled[L], error) {
	return fromLabeled(arcs, weights, nodes, opts)
}

func fromLabeled[L Label](arcs [][2]L, weights []float64, nodes []L, opts BuildOptions) (*Labeled[L], error) {
	if weights != nil && len(weights) != len(arcs) {
		return nil, fmt.Errorf("graph: %d weights for %d arcs", len(weights), len(arcs))
	}
	labels := make([]L, 0, len(nodes)+2*len(arcs))
	labels = append(labels, nodes...)
	for _, a := range arcs {
		labels = append(labels, a[0], a[1])
	}
	slices.Sort(labels)
	labels = slices.Clip(slices.Compact(labels))
	if int64(len(labels)) > MaxNodes {
		return nil, fmt.Errorf("graph: %d distinct labels are more than a graph's %d nodes", len(labels), int64(MaxNodes))
	}
	dense := make([][2]uint32, len(arcs))
	for k, a := range arcs {
		s, _ := slices.BinarySearch(labels, a[0])
		d, _ := slices.BinarySearch(labels, a[1])
		dense[k] = [2]uint32{uint32(s), uint32(d)}
	}
	g, err := Build(Edges{N: len(labels), Arcs: dense, Weights: weights}, opts)
	if err != nil {
		return nil, err
	}
	return NewLabeled(g, labels)
}

// NewLabeled attaches labels to g: labels[i] names node i. The labels must
// be strictly ascending, one per node. When they are integers that are all
// non-negative, g.IDs is set to them (nil when they are 0..N-1), so g's own
// ids agree with the labels; otherwise g.IDs is left as it is.
func NewLabeled[L Label](g *CSR, labels []L) (*Labeled[L], error) {
	if g == nil {
		return nil, fmt.Errorf("graph: nil CSR")
	}
	if len(labels) != g.N {
		return nil, fmt.Errorf("graph: %d labels for %d nodes", len(labels), g.N)
	}
	for i := 1; i < len(labels); i++ {
		if labels[i] <= labels[i-1] {
			return nil, fmt.Errorf("graph: labels not strictly ascending at node %d (%v after %v)", i, labels[i], labels[i-1])
		}
	}
	if ids, ok := uint64Labels(labels); ok {
		g.IDs = ids
	}
	return &Labeled[L]{CSR: g, Labels: labels}, nil
}

// uint64Labels returns integer labels as CSR ids: nil, true when they are
// 0..n-1; the labels, true when they are all non-negative; false for
// strings and for negative integers, which CSR ids cannot hold in order.
func uint64Labels[L Label](labels []L) ([]uint64, bool) {
	v := reflect.ValueOf(labels)
	ids := make([]uint64, len(labels))
	switch v.Type().Elem().Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		for i := range labels {
			x := v.Index(i).Int()
			if x < 0 {
				return nil, false
			}
			ids[i] = uint64(x)
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		for i := range labels {
			ids[i] = v.Index(i).Uint()
		}
	default:
		return nil, false
	}
	// Ascending distinct ids starting at 0 and ending at n-1 are 0..n-1.
	if len(ids) == 0 || (ids[0] == 0 && ids[len(ids)-1] == uint64(len(ids)-1)) {
		return nil, true
	}
	return ids, true
}

// Label returns node i's label.
func (g *Labeled[L]) Label(i int) L { return g.Labels[i] }

// Index returns the node labelled label, and whether there is one.
func (g *Labeled[L]) Index(label L) (int, bool) {
	return slices.BinarySearch(g.Labels, label)
}

// ScoresByLabel returns scores (one per node, by dense id, as a solve
// returns them) keyed by label.
func (g *Labeled[L]) ScoresByLabel(scores []float64) (map[L]float64, error) {
	if len(scores) != g.N {
		return nil, fmt.Errorf("graph: %d scores for %d nodes", len(scores), g.N)
	}
	m := make(map[L]float64, len(scores))
	for i, s := range scores {
		m[g.Labels[i]] = s
	}
	return m, nil
}

// LabelScore is a node's label and score, as Top returns them.
type LabelScore[L Label] struct {
	Label L
	Score float64
}

// Top returns the k nodes with the highest scores (fewer when the graph
// has fewer), highest first, ties broken by the lower label.
func (g *Labeled[L]) Top(scores []float64, k int) ([]LabelScore[L], error) {
	if len(scores) != g.N {
		return nil, fmt.Errorf("graph: %d scores for %d nodes", len(scores), g.N)
	}
	order := TopNodes(scores, k)
	out := make([]LabelScore[L], len(order))
	for r, i := range order {
		out[r] = LabelScore[L]{Label: g.Labels[i], Score: scores[i]}
	}
	return out, nil
}
