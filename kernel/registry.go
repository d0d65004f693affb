package kernel

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// entry is a registered kernel with what decides whether and when it is used.
type entry struct {
	k *Kernel
	// supported reports whether this CPU can run the kernel.
	supported func() bool
	// rank orders supported kernels for Auto: the highest wins.
	rank int
	// why says, for prk info, why Auto would pick this kernel.
	why string
}

var (
	registryMu sync.RWMutex
	registry   = map[string]entry{}
)

func register(k *Kernel, rank int, supported func() bool, why string) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[k.Name]; dup {
		panic("kernel: duplicate kernel " + k.Name)
	}
	withGenericFallbacks(k)
	registry[k.Name] = entry{k: k, supported: supported, rank: rank, why: why}
}

func init() {
	register(Generic, 0, func() bool { return true }, "pure Go runs everywhere")
}

// Names returns the names of every kernel compiled into this binary,
// supported by this CPU or not, sorted.
func Names() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Supported returns every kernel this CPU can run, best first.
func Supported() []*Kernel {
	registryMu.RLock()
	defer registryMu.RUnlock()
	var es []entry
	for _, e := range registry {
		if e.supported() {
			es = append(es, e)
		}
	}
	sort.Slice(es, func(i, j int) bool {
		if es[i].rank != es[j].rank {
			return es[i].rank > es[j].rank
		}
		return es[i].k.Name < es[j].k.Name
	})
	ks := make([]*Kernel, len(es))
	for i, e := range es {
		ks[i] = e.k
	}
	return ks
}

// Best returns the fastest kernel this CPU can run.
func Best() *Kernel { return Supported()[0] }

// Why says why Auto picks the kernel it picks, for prk info.
func Why() string {
	best := Best()
	registryMu.RLock()
	defer registryMu.RUnlock()
	return registry[best.Name].why
}

// Lookup returns the kernel called name; "auto" or "" mean Best. Asking for a
// kernel this binary lacks or this CPU cannot run is an error that says which.
func Lookup(name string) (*Kernel, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" || name == "auto" {
		return Best(), nil
	}
	registryMu.RLock()
	e, ok := registry[name]
	registryMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("kernel %q is not in this binary (have: auto, %s)", name, strings.Join(Names(), ", "))
	}
	if !e.supported() {
		return nil, fmt.Errorf("kernel %q needs CPU features this machine lacks (usable here: %s)", name, strings.Join(supportedNames(), ", "))
	}
	return e.k, nil
}

func supportedNames() []string {
	var names []string
	for _, k := range Supported() {
		names = append(names, k.Name)
	}
	return names
}
