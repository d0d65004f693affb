// Package tune is prk's tuning store and the choice `prk run --strategy
// auto` makes with it.
//
// `prk tune GRAPH` times strategies, worker counts, kernels and engines on
// one graph and saves the fastest configuration here, keyed by the graph's
// size class (powers of two of its nodes and of its arcs, see ClassOf):
// what wins on one graph of a size and density wins on its neighbours, and
// nothing is learned about a graph of another size. The store is a JSON
// file (DefaultPath: os.UserConfigDir()/prk/tune.json, or $PRK_TUNE_FILE),
// replaced whole through internal/atomicfile so a reader never sees half
// of it.
//
// Choose turns a graph's size, the store and this machine into a
// configuration and the reason for it: the saved winner of the graph's
// class when it was measured on this machine, else the library's rule by
// size (prk.BestStrategy: serial below prk.SerialBelowArcs arcs, where an
// iteration takes less than handing work to another core costs; lockfree
// on every processor from there).
package tune
