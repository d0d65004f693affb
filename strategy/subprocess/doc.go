// Package subprocess is prk's process-pool strategy, registered as
// "subprocess": the study's process pool done right. The study shipped the
// graph to worker processes on every call and summed what came back, and
// lost to one thread because of the copying. Here the parent starts W
// worker processes once, ships each its block of rows once in Prepare, and
// from then on moves per iteration only what an iteration needs.
//
// # The hook
//
// The workers are copies of the running program, started from
// os.Executable() with the environment variable WorkerEnv set and two pipes
// inherited as descriptors 3 and 4. Such a process must serve the protocol
// instead of running the program, so every program that uses the strategy
// must call ServeIfWorker first thing in main (and a test binary in
// TestMain):
//
//	func main() {
//		subprocess.ServeIfWorker()
//		...
//	}
//
// In a normal process ServeIfWorker returns at once. A program that lacks
// the hook fails its solve with an error that says so ("worker did not
// answer the handshake: does the program call subprocess.ServeIfWorker()
// first in main?"), and a worker that runs the program's main anyway is
// refused if it tries to start workers of its own.
//
// # Iterations
//
// Each worker owns a contiguous block of rows (strategy.SplitByArcs, so
// never more workers than rows; and never more than
// strategy.MaxProcessesPerCPU per CPU, at least strategy.MinWorkerCap, or
// the factory refuses the configuration; and, as lockfree's, at least
// minwork arcs plus rows each) and computes through strategy.Block, with
// the kernel the parent was configured with, so its arithmetic is exactly
// a goroutine strategy's, in every engine (float32 contributions travel
// as float32; a worker builds its own segments). Every worker needs the
// whole contribution vector c each iteration.
//
// How the vectors travel is a transport (transport.go), ipc=pipe or
// ipc=shm; both ship the blocks at set-up with one block codec (codec.go).
//
// With ipc=pipe (the default) the parent writes one frame holding c to
// every worker, each answers with its block of new scores and its share of
// the residual, and the parent computes the next contributions of each
// block as it arrives, overlapping that with the other workers' answers:
// n divisions cost less than shipping n more float64s back. Per iteration
// that is W·8n bytes out and 8n bytes back.
//
// With ipc=shm the scores and contributions live in a memory-mapped file
// shared by all processes (two of each, alternating by iteration parity).
// Each worker reads c and writes its block of the new scores and of their
// contributions in place. The command and the answer pass through the
// worker's control slot in the same mapping: each side spins on the
// other's word for a while and then sleeps on it in a futex (Linux; a
// polling stand-in elsewhere), so a round trip costs about a microsecond
// and no pipe is touched. A worker that dies wakes the parent at once.
//
// # Parameters
//
// strategy.Config.Params takes:
//
//	ipc=pipe|shm   how the vectors travel (default pipe)
//	timeout=30s    how long a worker may take to answer one iteration, the
//	               handshake or one chunk of set-up (time.ParseDuration)
//	minwork=16384  the least work (arcs plus rows) per worker process;
//	               0 runs every worker asked for
//	fault=...      test only: make one worker fail on purpose, see below
//
// # Failures
//
// A worker that dies, does not answer within the timeout, or breaks the
// protocol ends the solve with a *WorkerError naming the worker (index and
// pid), the stage and what happened (a worker refuses, at the handshake, a
// kernel its binary's registry lacks or its CPU cannot run: kernels travel
// by name); the other workers are killed, every
// process is reaped and the shared file is gone (it is unlinked, or an
// anonymous memfd, from the start). Iterate returns ctx.Err() promptly when
// its context is cancelled, by moving the pipes' deadlines into the past
// (with shm, within one futex sleep of at most 20 ms).
// After a failure or a cancellation the workers are gone; Prepare starts
// new ones.
//
// The fault parameter, kind[:worker=N][:iter=K], exists only for tests:
// die, stall, garbage, badlen and error misbehave in iteration K; badhello,
// nohook-exit and nohook-hang fail the handshake. Nothing injects a fault
// unless the parameter is set.
//
// # Profiles and accounting
//
// SetWorkerCPUProfile makes each worker write its own CPU profile next to
// the parent's. The strategy implements strategy.ByteMover: it counts every
// byte written to and read from the pipes and, with shm, the bytes written
// into the shared mapping; and strategy.WorkerReporter, with the number of
// worker processes minwork left.
//
// docs/subprocess.md describes the framing, the shared layout and the
// failure handling in full.
package subprocess
