package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/klauspost/cpuid/v2"
	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/internal/buildinfo"
	"github.com/prkbench/prk/kernel"
	"github.com/prkbench/prk/strategy"
)

func infoCommand() *cli.Command {
	return &cli.Command{
		Name:  "info",
		Usage: "show the CPU, the kernel prk picks on it and why, and the strategies",
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
			fmt.Fprintf(w, "strategies  %s\n", strings.Join(strategy.Names(), ", "))
			return nil
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
