// Command prk computes PageRank on large sparse graphs and measures how
// concurrency strategies compare on that work.
//
//	prk run GRAPH                  solve one graph and print its top nodes
//	prk bench                      time strategies x graphs x workers x kernels
//	prk gen SPEC -o FILE           write a generated graph to a file
//	prk convert IN OUT             convert between graph formats
//	prk info                       CPU, kernels and strategies of this machine
//	prk completion bash|zsh|fish   a shell completion script
//	prk man                        the manual page (roff)
//	prk help [COMMAND]             what prk or a command does
//
// GRAPH is a file (edge list, Matrix Market, METIS or .prkg, optionally
// gzipped) or a generator spec: seed:N (the study's random graph), uniform:N:M[:SEED]
// or kron:SCALE[:EDGEFACTOR[:SEED]].
//
// --input-format is the format of every graph read, --output-format of
// everything written. Flags may follow arguments, global flags the command.
// Every flag is checked before any graph is loaded.
//
// Global flags --cpuprofile, --memprofile and --trace profile any command;
// the profiles are written even when the command fails or is interrupted.
//
// Exit status: 0 success, 1 failure, 2 bad usage, 3 prk run did not
// converge within --max-iter, 130 interrupted (SIGINT), 143 terminated
// (SIGTERM). See docs/cli.md.
package main
