package graph

import "sort"

// TopNodes returns the dense ids of the k nodes with the highest scores
// (all of them when there are fewer than k), highest first, ties broken by
// the lower id, which (ids being ascending) is also the lower file id or
// label. It takes O(n log k) time. NaN scores rank below every number.
func TopNodes(scores []float64, k int) []int {
	k = max(0, min(k, len(scores)))
	if k == 0 {
		return []int{}
	}
	// before reports whether node a ranks ahead of node b.
	before := func(a, b int) bool {
		sa, sb := scores[a], scores[b]
		switch {
		case sa > sb:
			return true
		case sa < sb:
			return false
		case sa == sb:
			return a < b
		}
		// At least one NaN: a number ranks ahead of NaN, NaNs by id.
		if sa != sa && sb != sb {
			return a < b
		}
		return sb != sb
	}
	// A min-heap of the best k so far, its root the worst of them.
	h := make([]int, 0, k)
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			w := l
			if r := l + 1; r < len(h) && before(h[l], h[r]) {
				w = r
			}
			if !before(h[i], h[w]) {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for i := range scores {
		if len(h) < k {
			h = append(h, i)
			for c := len(h) - 1; c > 0; {
				p := (c - 1) / 2
				if !before(h[p], h[c]) {
					break
				}
				h[p], h[c] = h[c], h[p]
				c = p
			}
			continue
		}
		if before(i, h[0]) {
			h[0] = i
			down(0)
		}
	}
	sort.Slice(h, func(a, b int) bool { return before(h[a], h[b]) })
	return h
}
