// Package order renumbers a graph's nodes for locality.
//
// A pull iteration reads the contribution of every arc's source at random;
// when the sources read most often (the nodes of highest out-degree) are
// numbered together, their contributions share cache lines and stay in
// cache. An ordering is a permutation newID[old]; Permute applies it to a
// CSR, and the caller maps results back by the same permutation (the
// strategy package does this, so scores always come back by the graph's
// own numbering).
package order
