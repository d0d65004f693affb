// Package benchrun times PageRank strategies side by side: it runs the
// matrix graphs x strategies x worker counts x kernels that prk bench
// reports, and writes the results as an aligned table, Go benchmark lines
// (for benchstat), JSON or CSV.
//
// # Usage
//
//	cfg := benchrun.DefaultConfig() // the study's matrix
//	cfg.Graphs = []string{"seed:1000", "cnr-2000.txt.gz"}
//	cfg.Workers = []int{1, 2}
//	recs, err := benchrun.Run(ctx, cfg) // the records so far even on error
//	benchrun.WriteBenchfmt(os.Stdout, recs)
//
// A program that benchmarks the subprocess strategy must import
// strategy/subprocess and call subprocess.ServeIfWorker first thing in main
// (or TestMain). matrix_bench_test.go holds the same matrix as go test
// benchmarks (BenchmarkPageRank on the study's graphs, BenchmarkIteration
// on cnr-2000 and kron:20), named like prk bench's benchfmt lines.
//
// # What a cell measures
//
// Each cell (one graph, strategy, worker count and kernel) runs one untimed
// warm-up repetition, then Count timed repetitions (6 by default: benchstat
// wants at least 6 samples). Every repetition makes a fresh strategy, times
// its Prepare (the set-up: starting workers, shipping the graph), times each
// of Iterations power iterations on its own, and closes it; so the set-up
// has one sample per repetition like the iterations, never one figure
// repeated. A record's median, quartiles, min, max and standard deviation
// per iteration are over all Count x Iterations timed iterations (robust to
// one slow iteration on a shared machine; min and max exactly, the others
// exactly up to 4096 timed iterations and beyond that from a uniform sample
// of 4096, so memory does not grow with Iterations: pagerank.TimeStats), while its Samples and the
// benchfmt lines carry one ns/iteration figure per repetition (the mean of
// that repetition's iterations) and that repetition's set-up, which is what
// benchstat wants. JSON and CSV carry the spread and describe the machine
// (CPU model, cores, GOOS/GOARCH, Go and prk versions); see Machine.
//
// Run checks the whole matrix (strategy names, kernels this CPU runs, worker
// counts, parameters, graphs) before timing anything, so a typo fails in a
// second rather than after an hour. The serial strategy runs once per graph
// and kernel with one worker; every record's speedup is serial's median over
// its own, on the same graph and kernel.
//
// Parameters (Config.Params) go to every strategy that takes them: a
// strategy whose factory rejects a key with strategy.ErrUnknownParam just
// does not get it, so ipc=shm reaches the subprocess strategy while serial
// runs beside it; a key no strategy in the run takes is an error.
//
// # Profiling
//
// Each cell runs under pprof labels strategy, graph, kernel and workers,
// passed to Prepare and Iterate, and goroutines the strategy starts inherit
// them, so with a CPU profile active
//
//	go tool pprof -tagfocus strategy=mutex prk.cpu.pprof
//
// isolates one strategy's samples.
package benchrun
