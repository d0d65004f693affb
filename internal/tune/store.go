package tune

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/bits"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/prkbench/prk/internal/atomicfile"
)

// EnvFile names the environment variable that overrides DefaultPath (tests
// and users who keep several machines' tunings apart use it).
const EnvFile = "PRK_TUNE_FILE"

// Version is the store format written; a store of another version is
// refused (with the file named) rather than misread.
const Version = 1

// DefaultPath returns $PRK_TUNE_FILE when set, else
// os.UserConfigDir()/prk/tune.json.
func DefaultPath() (string, error) {
	if p := os.Getenv(EnvFile); p != "" {
		return p, nil
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("tuning store: no user config directory (%w); set %s or pass --store", err, EnvFile)
	}
	return filepath.Join(dir, "prk", "tune.json"), nil
}

// Class is a graph's size class: the bit lengths of its node and arc
// counts, so a class holds the graphs within a factor of two of each
// other in both (and so of about the same density).
type Class struct {
	NodesLog2 int
	ArcsLog2  int
}

// ClassOf returns the class of a graph of nodes nodes and arcs arcs.
func ClassOf(nodes int, arcs int64) Class {
	return Class{NodesLog2: bits.Len64(uint64(max(nodes, 0))), ArcsLog2: bits.Len64(uint64(max(arcs, 0)))}
}

// String is the class's key in the store, e.g. "nodes<2^19,arcs<2^22": the
// graphs of the class have at least half those counts.
func (c Class) String() string {
	return fmt.Sprintf("nodes<2^%d,arcs<2^%d", c.NodesLog2, c.ArcsLog2)
}

// Entry is a saved winner: the configuration and what it was measured on.
type Entry struct {
	// Strategy, Workers (what it ran with), Kernel (resolved name),
	// Params and the engine are the configuration to run.
	Strategy  string            `json:"strategy"`
	Workers   int               `json:"workers"`
	Kernel    string            `json:"kernel"`
	Params    map[string]string `json:"params,omitempty"`
	Layout    string            `json:"layout"`
	Precision string            `json:"precision"`
	Order     string            `json:"order"`
	// NSPerIter is the winner's median time per iteration; SerialNSPerIter
	// serial's on the same graph (0 when serial was not timed).
	NSPerIter       float64 `json:"ns_per_iter"`
	SerialNSPerIter float64 `json:"serial_ns_per_iter,omitempty"`
	// Graph is the graph tuned on, with its size.
	Graph string `json:"graph"`
	Nodes int    `json:"nodes"`
	Arcs  int64  `json:"arcs"`
	// CPU and Cores describe the machine it was measured on: a tuning is
	// used only where both match.
	CPU   string `json:"cpu"`
	Cores int    `json:"cores"`
	// Cells is how many configurations were timed; At when.
	Cells int       `json:"cells"`
	At    time.Time `json:"at"`
}

// Store is the tuning store: the winner per class.
type Store struct {
	Version int              `json:"version"`
	Entries map[string]Entry `json:"entries"`
}

// ErrCorrupt is matched (errors.Is) by the error Load returns for a file
// that is not a tuning store.
var ErrCorrupt = errors.New("not a prk tuning store")

// Load reads the store at path. A missing file is an empty store; a file
// that does not parse, or of another Version, is an error naming the file
// and matching ErrCorrupt.
func Load(path string) (*Store, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Store{Version: Version, Entries: map[string]Entry{}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("tuning store %s: %w", path, err)
	}
	var s Store
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("tuning store %s: %w: %v (delete it, or tune again with --store elsewhere)", path, ErrCorrupt, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("tuning store %s: %w: data after the JSON object", path, ErrCorrupt)
	}
	if s.Version != Version {
		return nil, fmt.Errorf("tuning store %s: %w: version %d, this prk reads version %d", path, ErrCorrupt, s.Version, Version)
	}
	if s.Entries == nil {
		s.Entries = map[string]Entry{}
	}
	for k, e := range s.Entries {
		if e.Strategy == "" || e.Workers < 1 || e.Kernel == "" {
			return nil, fmt.Errorf("tuning store %s: %w: entry %q lacks a strategy, worker count or kernel", path, ErrCorrupt, k)
		}
	}
	return &s, nil
}

// Lookup returns the entry saved for class c.
func (s *Store) Lookup(c Class) (Entry, bool) {
	e, ok := s.Entries[c.String()]
	return e, ok
}

// Put saves e as the winner of class c, replacing any earlier one.
func (s *Store) Put(c Class, e Entry) {
	if s.Entries == nil {
		s.Entries = map[string]Entry{}
	}
	s.Entries[c.String()] = e
}

// Classes returns the classes saved, sorted by key.
func (s *Store) Classes() []string {
	keys := make([]string, 0, len(s.Entries))
	for k := range s.Entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Save writes the store to path, creating its directory: whole or not at
// all (internal/atomicfile), so a reader never sees a half-written store.
func (s *Store) Save(path string) error {
	s.Version = Version
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keys read "nodes<2^19", not "nodes\u003c2^19"
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("tuning store %s: %w", path, err)
	}
	if err := atomicfile.Write(path, func(w io.Writer) error {
		_, err := w.Write(buf.Bytes())
		return err
	}); err != nil {
		return fmt.Errorf("tuning store %s: %w", path, err)
	}
	return nil
}
