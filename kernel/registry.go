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

// The registry is the one list of kernels: every implementation compiled
// in, under the exact name of its variant (avx512-gather and avx512-loads
// are different code, and records name which ran). Aliases such as avx512
// name a family and resolve to the variant preferred on this CPU, so that
// --kernel avx512 keeps working while every record, benchmark line and
// worker process says exactly which code ran.
var (
	registryMu sync.RWMutex
	registry   = map[string]entry{}
	// aliases maps a family name to the exact variant it means here.
	aliases = map[string]string{}
)

func register(k *Kernel, rank int, supported func() bool, why string) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[k.Name]; dup {
		panic("kernel: duplicate kernel " + k.Name)
	}
	if _, dup := aliases[k.Name]; dup {
		panic("kernel: kernel " + k.Name + " is also an alias")
	}
	withGenericFallbacks(k)
	registry[k.Name] = entry{k: k, supported: supported, rank: rank, why: why}
}

// registerAlias makes alias another name for the registered kernel target.
func registerAlias(alias, target string) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, ok := registry[target]; !ok {
		panic("kernel: alias " + alias + " for unregistered kernel " + target)
	}
	if _, dup := registry[alias]; dup {
		panic("kernel: alias " + alias + " is also a kernel")
	}
	if _, dup := aliases[alias]; dup {
		panic("kernel: duplicate alias " + alias)
	}
	aliases[alias] = target
}

// Aliases returns the family names Lookup accepts besides the kernels'
// own (such as "avx512"), sorted; Resolve says which kernel each means.
func Aliases() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(aliases))
	for n := range aliases {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Resolve returns the exact kernel name that name means: the kernel an
// alias stands for on this CPU (Resolve("avx512") is "avx512-gather" on
// Intel, "avx512-loads" on AMD), Best's name for "auto" or "", and name
// itself otherwise (whether or not such a kernel exists: Lookup checks).
func Resolve(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" || name == "auto" {
		return Best().Name
	}
	registryMu.RLock()
	defer registryMu.RUnlock()
	if target, ok := aliases[name]; ok {
		return target
	}
	return name
}

func init() {
	register(Generic, 0, func() bool { return true }, "pure Go runs everywhere")
}

// Names returns the exact names of every kernel compiled into this binary,
// supported by this CPU or not, sorted; aliases are not among them (see
// Aliases).
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

// Lookup returns the kernel called name; "auto" or "" mean Best, and an
// alias (Aliases) the variant it resolves to here. The kernel returned
// always carries its exact variant name, whatever name asked for it.
// Asking for a kernel this binary lacks or this CPU cannot run is an error
// that says which.
func Lookup(name string) (*Kernel, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" || name == "auto" {
		return Best(), nil
	}
	exact := Resolve(name)
	registryMu.RLock()
	e, ok := registry[exact]
	registryMu.RUnlock()
	if !ok {
		have := append([]string{"auto"}, Names()...)
		return nil, fmt.Errorf("kernel %q is not in this binary (have: %s; aliases: %s)", name, strings.Join(have, ", "), strings.Join(Aliases(), ", "))
	}
	if !e.supported() {
		what := fmt.Sprintf("%q", name)
		if exact != name {
			what += " (" + exact + ")"
		}
		return nil, fmt.Errorf("kernel %s needs CPU features this machine lacks (usable here: %s)", what, strings.Join(supportedNames(), ", "))
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
