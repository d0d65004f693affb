package benchrun

import (
	"runtime"
	"strings"

	"github.com/klauspost/cpuid/v2"

	"github.com/prkbench/prk/internal/buildinfo"
)

// Machine describes where results were measured, so a results file read
// months later says what it is comparable with.
type Machine struct {
	// CPU is the processor's model name ("" when the CPU does not say).
	CPU string `json:"cpu"`
	// Cores is the number of logical CPUs; GOMAXPROCS what Go used.
	Cores      int `json:"cores"`
	GOMAXPROCS int `json:"gomaxprocs"`
	// GOOS and GOARCH are the target the binary was built for.
	GOOS   string `json:"goos"`
	GOARCH string `json:"goarch"`
	// GoVersion is the toolchain that built prk; PrkVersion prk's version
	// and revision (see internal/buildinfo).
	GoVersion  string `json:"go_version"`
	PrkVersion string `json:"prk_version"`
}

// CurrentMachine describes the machine and binary running now.
func CurrentMachine() Machine {
	return Machine{
		CPU:        strings.TrimSpace(cpuid.CPU.BrandName),
		Cores:      runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		GOOS:       runtime.GOOS,
		GOARCH:     runtime.GOARCH,
		GoVersion:  runtime.Version(),
		PrkVersion: buildinfo.Read().Short(),
	}
}
