package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof" // serves /debug/pprof on --pprof-addr
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"

	"github.com/urfave/cli/v2"
)

// profiler owns the global profiling flags: it starts what they ask for
// before a command and writes the profiles after it, whether the command
// succeeded, failed or was interrupted.
type profiler struct {
	cpuFile, traceFile *os.File
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

func (p *profiler) start(c *cli.Context) error {
	if path := c.String("cpuprofile"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return fmt.Errorf("cpuprofile: %w", err)
		}
		p.cpuFile = f
		setWorkerCPUProfile(path)
	}
	if path := c.String("trace"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("trace: %w", err)
		}
		if err := trace.Start(f); err != nil {
			f.Close()
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
		errs = append(errs, p.cpuFile.Close())
		p.cpuFile = nil
	}
	if p.traceFile != nil {
		trace.Stop()
		errs = append(errs, p.traceFile.Close())
		p.traceFile = nil
	}
	if p.memPath != "" {
		runtime.GC() // the heap profile reports the last GC's live objects
		f, err := os.Create(p.memPath)
		if err == nil {
			err = pprof.Lookup("allocs").WriteTo(f, 0)
			errs = append(errs, f.Close())
		}
		errs = append(errs, err)
		p.memPath = ""
	}
	if p.server != nil {
		errs = append(errs, p.server.Close())
		p.server = nil
	}
	return errors.Join(errs...)
}
