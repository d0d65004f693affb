package graphio

import "github.com/prkbench/prk/graph"

// asymmetry is an arc from -> to whose reverse is missing (weights false)
// or has another weight (weights true: w there, back here).
type asymmetry struct {
	from, to int
	weights  bool
	w, back  float64
}

// findAsymmetry returns the first arc (by target, then source) of g whose
// reverse is missing or weighs differently, or nil when g is symmetric.
// o is transpose(g). Node i's in-row and out-row, both ascending, must be
// the same list; parallel arcs (a multigraph) must pair up one to one.
func findAsymmetry(g *graph.CSR, o *outArcs) *asymmetry {
	for i := range g.N {
		lo := g.InOffsets[i]
		in := g.InSources[lo:g.InOffsets[i+1]]
		olo := o.offsets[i]
		out := o.targets[olo:o.offsets[i+1]]
		k1, k2 := 0, 0
		for k1 < len(in) || k2 < len(out) {
			switch {
			case k2 == len(out) || (k1 < len(in) && in[k1] < out[k2]):
				// in[k1] -> i, and no i -> in[k1].
				return &asymmetry{from: int(in[k1]), to: i}
			case k1 == len(in) || out[k2] < in[k1]:
				return &asymmetry{from: i, to: int(out[k2])}
			}
			if g.InWeights != nil {
				w, back := g.InWeights[lo+int64(k1)], o.weights[olo+int64(k2)]
				if w != back {
					return &asymmetry{from: int(in[k1]), to: i, weights: true, w: w, back: back}
				}
			}
			k1++
			k2++
		}
	}
	return nil
}
