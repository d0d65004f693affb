// Package graphio reads and writes prk's graph files: edge lists (as SNAP,
// LAW and most tools write them), Matrix Market coordinate matrices, METIS
// graphs and prk's own binary .prkg format, each plain or gzip-compressed.
//
// Load and Read turn a file into a graph.CSR; Write writes one. The format
// comes from LoadOptions.Format or WriteOptions.Format, else the file name
// (DetectFormat), else (reading) the content, which says it for every file
// prk writes; gzip is recognised by content on reading. Load opens its path
// once and reads it as one stream, so pipes, FIFOs and "-" (stdin) work,
// and LoadContext stops soon after its context is cancelled. A graph
// written by Write and read back by Load is the same graph in every
// format: node count, arcs, weights and file ids. docs/formats.md
// describes each format as prk reads and writes it.
//
// # Speed
//
// Loading is built for large graphs. A goroutine reads (and decompresses)
// the input in chunks of up to 4 MB that end at a line boundary, while the
// caller's goroutine parses the previous chunk with a hand-written byte
// scanner: no per-line allocation, no strings, no strconv on the common
// path. Parsed arcs go into blocks of up to 64K arcs with uint32 ids (uint64
// only where a file's ids do not fit), which become the parts of the
// graph.ArcSource that graph.Build reads twice. One core parses a plain
// edge list at several hundred MB/s.
//
// # Node ids
//
// An edge list names nodes by arbitrary non-negative integers. With
// IDsAuto (the default) ids 0..max that all occur are kept; otherwise the
// ids that occur are numbered 0..k-1 in ascending order and CSR.IDs keeps
// the file's ids, which edge-list output writes back. Matrix Market and
// METIS number nodes 1..n as their header declares; node i is CSR node i-1
// (prk keeps file ids there in "% prk ids:" comments).
//
// # Errors
//
// Bad input is never a panic, a hang or a silently wrong graph: it is a
// *ParseError naming the file, the line (0 for the file as a whole) and the
// problem. No allocation is sized by a header before the file has shown
// that it holds what the header claims; lines are capped in length and
// gzip streams in expansion, so no input grows memory without bound.
package graphio
