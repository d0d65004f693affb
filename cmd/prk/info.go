package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"github.com/klauspost/cpuid/v2"
	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/internal/buildinfo"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
)

func infoCommand() *cli.Command {
	return &cli.Command{
		Name:  "info",
		Usage: "show the CPU, the kernel prk picks on it and why, and the strategies with their parameters",
		Action: func(c *cli.Context) error {
			if err := needArgs(c, 0, 0, ""); err != nil {
				return err
			}
			w := c.App.Writer
			fmt.Fprintf(w, "cpu         %s\n", cpuid.CPU.BrandName)
			fmt.Fprintf(w, "vendor      %s, family %d, model %d\n", cpuid.CPU.VendorString, cpuid.CPU.Family, cpuid.CPU.Model)
			fmt.Fprintf(w, "features    %s\n", strings.Join(relevantFeatures(), " "))
			fmt.Fprintf(w, "caches      L1d %s, L2 %s, L3 %s\n", kib(cpuid.CPU.Cache.L1D), kib(cpuid.CPU.Cache.L2), kib(cpuid.CPU.Cache.L3))
			fmt.Fprintf(w, "cores       %d logical CPUs, GOMAXPROCS %d\n", runtime.NumCPU(), runtime.GOMAXPROCS(0))
			fmt.Fprintf(w, "platform    %s/%s, %s\n", runtime.GOOS, runtime.GOARCH, runtime.Version())
			fmt.Fprintf(w, "prk         %s\n", buildinfo.Read().Short())
			if bi, ok := debug.ReadBuildInfo(); ok {
				for _, s := range bi.Settings {
					if s.Key == "-tags" && s.Value != "" {
						fmt.Fprintf(w, "build tags  %s\n", s.Value)
					}
				}
			}
			best := kernel.Best()
			fmt.Fprintf(w, "kernel      %s (auto): %s\n", best.Name, kernel.Why())
			var avail []string
			for _, name := range kernel.Names() {
				_, err := kernel.Lookup(name)
				mark := "yes"
				if err != nil {
					mark = "no: this CPU lacks it"
				}
				avail = append(avail, fmt.Sprintf("%s (%s)", name, mark))
			}
			fmt.Fprintf(w, "kernels     %s\n", strings.Join(avail, ", "))
			var aliases []string
			for _, a := range kernel.Aliases() {
				aliases = append(aliases, a+" = "+kernel.Resolve(a))
			}
			if len(aliases) > 0 {
				fmt.Fprintf(w, "aliases     %s (the variant preferred on this CPU)\n", strings.Join(aliases, ", "))
			}
			fmt.Fprintf(w, "strategies  %s\n", strings.Join(strategy.Names(), ", "))
			return writeStrategies(w)
		},
	}
}

func relevantFeatures() []string {
	var fs []string
	for _, f := range []cpuid.FeatureID{cpuid.SSE2, cpuid.SSE4, cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.AVX512F, cpuid.AVX512DQ, cpuid.AVX512VL, cpuid.ASIMD, cpuid.SVE} {
		if cpuid.CPU.Supports(f) {
			fs = append(fs, f.String())
		}
	}
	if len(fs) == 0 {
		return []string{"(none of interest detected)"}
	}
	return fs
}

func kib(bytes int) string {
	if bytes <= 0 {
		return "?"
	}
	if bytes >= 1<<20 {
		return fmt.Sprintf("%d MiB", bytes>>20)
	}
	return fmt.Sprintf("%d KiB", bytes>>10)
}

// writeStrategies lists every registered strategy with its one-line doc
// and, indented under it, each parameter as --param takes it (NAME=DEFAULT),
// what it does and the values it allows.
func writeStrategies(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, d := range strategy.Descriptions() {
		doc := d.Doc
		if doc == "" {
			doc = "(no description)"
		}
		if d.Serial {
			doc += " [one worker]"
		}
		if d.Processes {
			doc += " [worker processes]"
		}
		fmt.Fprintf(tw, "strategy %s\t%s\n", d.Name, doc)
		if d.UncheckedParams {
			fmt.Fprintf(tw, "  (parameters)\tnot declared: registered without a description, its factory checks them\n")
		}
		for _, p := range d.Params {
			fmt.Fprintf(tw, "  %s\t%s; %s\n", paramUsage(p), p.Doc, p.Allowed())
		}
	}
	return tw.Flush()
}

// paramUsage is how --param takes p: NAME=DEFAULT, or NAME=TYPE without
// a default.
func paramUsage(p strategy.Param) string {
	if p.Default != "" {
		return p.Name + "=" + p.Default
	}
	return p.Name + "=" + strings.ToUpper(string(p.Type))
}

// strategyHelp is the strategies section of prk run --help: each
// strategy's doc and parameters, one line each.
func strategyHelp() string {
	var b strings.Builder
	b.WriteString("Strategies (--strategy) and their parameters (--param KEY=VALUE; prk info says what each does):\n")
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, d := range strategy.Descriptions() {
		fmt.Fprintf(tw, "  %s\t%s\n", d.Name, d.Doc)
		for _, p := range d.Params {
			fmt.Fprintf(tw, "    --param %s\t%s\n", paramUsage(p), p.Allowed())
		}
	}
	tw.Flush()
	return strings.TrimRight(b.String(), "\n")
}

// kernelChoices is the kernel flags' list of names: auto, every kernel
// and the aliases.
func kernelChoices() string {
	s := "auto or one of " + strings.Join(kernel.Names(), ", ")
	if a := kernel.Aliases(); len(a) > 0 {
		s += " (aliases " + strings.Join(a, ", ") + ": the variant preferred on this CPU)"
	}
	return s
}
