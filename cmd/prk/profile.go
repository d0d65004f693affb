package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	_ "net/http/pprof" // serves /debug/pprof on --pprof-addr
	"runtime"
	"runtime/pprof"
	"runtime/trace"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/internal/atomicfile"
)

// profiler owns the global profiling flags: it starts what they ask for
// before a command and writes the profiles after it, whether the command
// succeeded, failed or was interrupted. Profiles are outputs like any
// other: written through atomicfile (a temporary file renamed into place
// when the command ends) and checked against the command's inputs first.
type profiler struct {
	cpuFile, traceFile *atomicfile.File
	memPath            string
	server             *http.Server
}

func (p *profiler) flags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "cpuprofile", Usage: "write a CPU profile to `FILE` (subprocess workers write FILE.worker-N)", EnvVars: []string{"PRK_CPUPROFILE"}},
		&cli.StringFlag{Name: "memprofile", Usage: "write a heap profile to `FILE` when the command ends", EnvVars: []string{"PRK_MEMPROFILE"}},
		&cli.StringFlag{Name: "trace", Usage: "write an execution trace to `FILE`", EnvVars: []string{"PRK_TRACE"}},
		&cli.StringFlag{Name: "pprof-addr", Usage: "serve net/http/pprof on `ADDR` (e.g. localhost:6060) while the command runs", EnvVars: []string{"PRK_PPROF_ADDR"}},
	}
}

// profileFlags are the flags that name profile files.
var profileFlags = []string{"cpuprofile", "memprofile", "trace"}

// profilePaths lists the profiles asked for, as outputs for checkPaths.
func profilePaths(c *cli.Context) []pathArg {
	var out []pathArg
	for _, name := range profileFlags {
		if path := c.String(name); path != "" {
			out = append(out, output("--"+name, path))
		}
	}
	return out
}

// before wraps a command's Before (its checkingPaths, or nil for a
// command with no files): the paths are checked first, and the profiles
// are created only once they pass.
func (p *profiler) before(own cli.BeforeFunc) cli.BeforeFunc {
	return func(c *cli.Context) error {
		for _, name := range profileFlags {
			if c.String(name) == "-" {
				return usagef("--%s -: profiles are binary; name a file", name)
			}
		}
		var err error
		if own != nil {
			err = own(c)
		} else {
			err = checkPaths(c, nil)
		}
		if err != nil {
			return err
		}
		return p.start(c)
	}
}

func (p *profiler) start(c *cli.Context) error {
	// Profiles are written even when the command is interrupted, so they
	// do not follow its context.
	ctx := context.WithoutCancel(c.Context)
	if path := c.String("cpuprofile"); path != "" {
		f, err := atomicfile.Create(ctx, path)
		if err != nil {
			return fmt.Errorf("cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Abort()
			return fmt.Errorf("cpuprofile: %w", err)
		}
		p.cpuFile = f
		setWorkerCPUProfile(path)
	}
	if path := c.String("trace"); path != "" {
		f, err := atomicfile.Create(ctx, path)
		if err != nil {
			return fmt.Errorf("trace: %w", err)
		}
		if err := trace.Start(f); err != nil {
			f.Abort()
			return fmt.Errorf("trace: %w", err)
		}
		p.traceFile = f
	}
	p.memPath = c.String("memprofile")
	if p.memPath != "" {
		runtime.MemProfileRate = 64 << 10 // finer than the default, still cheap
	}
	if addr := c.String("pprof-addr"); addr != "" {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("pprof-addr: %w", err)
		}
		p.server = &http.Server{Handler: http.DefaultServeMux}
		go p.server.Serve(ln)
		fmt.Fprintf(c.App.ErrWriter, "prk: pprof on http://%s/debug/pprof/\n", ln.Addr())
	}
	return nil
}

// stop writes every profile that was asked for; it runs after the command
// whatever became of it.
func (p *profiler) stop(c *cli.Context) error {
	var errs []error
	if p.cpuFile != nil {
		pprof.StopCPUProfile()
		errs = append(errs, p.cpuFile.Commit())
		p.cpuFile = nil
	}
	if p.traceFile != nil {
		trace.Stop()
		errs = append(errs, p.traceFile.Commit())
		p.traceFile = nil
	}
	if p.memPath != "" {
		runtime.GC() // the heap profile reports the last GC's live objects
		errs = append(errs, atomicfile.Write(p.memPath, func(w io.Writer) error {
			return pprof.Lookup("allocs").WriteTo(w, 0)
		}))
		p.memPath = ""
	}
	if p.server != nil {
		errs = append(errs, p.server.Close())
		p.server = nil
	}
	return errors.Join(errs...)
}
