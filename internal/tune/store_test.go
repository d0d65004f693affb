package tune

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestClassOf(t *testing.T) {
	for _, c := range []struct {
		nodes int
		arcs  int64
		want  string
	}{
		{0, 0, "nodes<2^0,arcs<2^0"},
		{1000, 5025, "nodes<2^10,arcs<2^13"},
		{1023, 4096, "nodes<2^10,arcs<2^13"},
		{1024, 8191, "nodes<2^11,arcs<2^13"},
		{325557, 3216152, "nodes<2^19,arcs<2^22"},
	} {
		if got := ClassOf(c.nodes, c.arcs).String(); got != c.want {
			t.Errorf("ClassOf(%d, %d) = %s, want %s", c.nodes, c.arcs, got, c.want)
		}
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv(EnvFile, "/somewhere/t.json")
	if p, err := DefaultPath(); err != nil || p != "/somewhere/t.json" {
		t.Errorf("with %s set: %q, %v", EnvFile, p, err)
	}
	t.Setenv(EnvFile, "")
	t.Setenv("XDG_CONFIG_HOME", "/cfg")
	t.Setenv("HOME", "/home/u")
	p, err := DefaultPath()
	if err != nil || !strings.HasSuffix(p, filepath.Join("prk", "tune.json")) {
		t.Errorf("default: %q, %v", p, err)
	}
}

func sampleEntry() Entry {
	return Entry{Strategy: "lockfree", Workers: 2, Kernel: "generic", Layout: "csr", Precision: "f64", Order: "none",
		NSPerIter: 1.5e6, SerialNSPerIter: 3e6, Graph: "cnr-2000.txt.gz", Nodes: 325557, Arcs: 3216152,
		CPU: "cpu", Cores: 2, Cells: 6, At: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)}
}

// TestStoreRoundTrip: a missing store is empty; Save creates the directory
// and writes the whole store, leaving no temporary file; Load reads back
// what was saved, and a second Save replaces one class and keeps others.
func TestStoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "dir", "tune.json")
	s, err := Load(path)
	if err != nil || len(s.Entries) != 0 {
		t.Fatalf("missing store: %v, %v", s, err)
	}
	c1, c2 := ClassOf(325557, 3216152), ClassOf(1000, 5025)
	s.Put(c1, sampleEntry())
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	s2, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := s2.Lookup(c1)
	if !ok || got.Strategy != "lockfree" || got.Workers != 2 || got.NSPerIter != 1.5e6 || !got.At.Equal(sampleEntry().At) {
		t.Fatalf("read back %+v, %v", got, ok)
	}
	e := sampleEntry()
	e.Strategy = "serial"
	s2.Put(c2, e)
	if err := s2.Save(path); err != nil {
		t.Fatal(err)
	}
	s3, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if keys := s3.Classes(); len(keys) != 2 {
		t.Errorf("classes after two saves: %v", keys)
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want tune.json alone (no temporary file)", names)
	}
}

// TestLoadCorrupt: anything that is not a store of this version is an
// error that names the file and matches ErrCorrupt.
func TestLoadCorrupt(t *testing.T) {
	for name, content := range map[string]string{
		"garbage":       "not json at all",
		"truncated":     `{"version": 1, "entries": {`,
		"version":       `{"version": 99, "entries": {}}`,
		"unknown field": `{"version": 1, "entries": {}, "extra": 1}`,
		"trailing":      `{"version": 1, "entries": {}} {}`,
		"no strategy":   `{"version": 1, "entries": {"nodes<2^1,arcs<2^1": {"workers": 1, "kernel": "generic"}}}`,
		"empty":         ``,
	} {
		path := filepath.Join(t.TempDir(), "tune.json")
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path)
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: Load = %v, want ErrCorrupt naming %s", name, err, path)
		}
	}
}
