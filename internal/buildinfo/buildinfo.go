// Package buildinfo says which prk this is: the module version and the
// version-control state it was built from, as the Go toolchain recorded them
// (runtime/debug.ReadBuildInfo). prk --version, prk info and prk bench's
// machine description all read it here, so they agree.
package buildinfo

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Info is what the binary knows about its own build.
type Info struct {
	// Version is the main module's version: a tag such as v1.2.0 when
	// installed with go install module@version, "(devel)" when built from a
	// checkout.
	Version string
	// Revision is the VCS commit (empty when the build did not stamp one,
	// e.g. go run or -buildvcs=false); Time its commit time (RFC 3339);
	// Modified reports uncommitted changes in the work tree.
	Revision, Time string
	Modified       bool
	// GoVersion, GOOS and GOARCH describe the toolchain and target.
	GoVersion, GOOS, GOARCH string
}

// Read returns the running binary's build information; fields the build did
// not record are empty.
func Read() Info {
	info := Info{Version: "(unknown)", GoVersion: runtime.Version(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	return fromBuildInfo(bi, info)
}

func fromBuildInfo(bi *debug.BuildInfo, info Info) Info {
	if v := bi.Main.Version; v != "" {
		info.Version = v
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Revision = s.Value
		case "vcs.time":
			info.Time = s.Value
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	return info
}

// Short is one line: the version, then the revision (12 hex digits), its
// time and "modified" when they are known, e.g.
// "(devel) 6d08002e1f3a 2026-11-26T12:00:00Z modified".
func (i Info) Short() string {
	parts := []string{i.Version}
	if i.Revision != "" {
		rev := i.Revision
		if len(rev) > 12 {
			rev = rev[:12]
		}
		parts = append(parts, rev)
	}
	if i.Time != "" {
		parts = append(parts, i.Time)
	}
	if i.Modified {
		parts = append(parts, "modified")
	}
	return strings.Join(parts, " ")
}

// String is the full description prk --version prints.
func (i Info) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "prk %s\n", i.Version)
	if i.Revision != "" {
		mod := ""
		if i.Modified {
			mod = " (modified work tree)"
		}
		fmt.Fprintf(&b, "revision %s%s\n", i.Revision, mod)
	} else {
		fmt.Fprintf(&b, "revision unknown (built without VCS stamping: go run, or -buildvcs=false)\n")
	}
	if i.Time != "" {
		fmt.Fprintf(&b, "committed %s\n", i.Time)
	}
	fmt.Fprintf(&b, "built with %s for %s/%s\n", i.GoVersion, i.GOOS, i.GOARCH)
	return b.String()
}
