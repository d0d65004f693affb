package main

import (
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestBenchParamSweep: --param minwork=0,16384 is a matrix dimension of
// lockfree alone, each cell labelled with its value, and every record says
// the workers that ran: two with minwork=0, one of the two asked with the
// default-sized minwork on the study's XS graph.
func TestBenchParamSweep(t *testing.T) {
	stdout, stderr, code := prk(t, "bench", "--strategy", "serial,lockfree", "--graph", "seed:100", "--workers", "2",
		"--count", "1", "--iterations", "2", "--kernel", "generic", "--param", "minwork=0,16384", "--output-format", "csv")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	var got []string
	for _, r := range rows[1:] {
		got = append(got, r[col["strategy"]]+" "+r[col["params"]]+" "+r[col["workers"]]+"/"+r[col["workers_asked"]])
	}
	want := []string{"serial  1/1", "lockfree minwork=0 2/2", "lockfree minwork=16384 1/2"}
	if !slices.Equal(got, want) {
		t.Errorf("cells %q, want %q", got, want)
	}
	stdout, stderr, code = prk(t, "bench", "--strategy", "lockfree", "--graph", "seed:100", "--workers", "2",
		"--count", "1", "--iterations", "2", "--kernel", "avx512", "--param", "minwork=0", "--param", "minwork=16384", "--output-format", "benchfmt")
	if code != 0 {
		if strings.Contains(stderr, "lacks") || strings.Contains(stderr, "not in this binary") {
			t.Skip("no AVX-512 here (or a purego build): the benchfmt check needs the avx512 alias")
		}
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"strategy=lockfree/workers=2/kernel=avx512-", "/minwork=0", "workers=1/asked=2/kernel=avx512-", "/minwork=16384"} {
		if !strings.Contains(stdout, name) {
			t.Errorf("benchfmt lacks %q (the alias must be recorded as its exact variant):\n%s", name, stdout)
		}
	}
}

// TestBadParamsExitBeforeLoading: a parameter value a strategy's schema
// refuses, or a key no strategy of the run takes, exits 2 at once, before
// the (huge) graph is loaded, naming the parameter and what it allows.
func TestBadParamsExitBeforeLoading(t *testing.T) {
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"bench", "--graph", slowGraph, "--strategy", "lockfree", "--param", "minwork=4096,-1"}, []string{`minwork="-1" is below the minimum 0`, "an integer >= 0"}},
		{[]string{"bench", "--graph", slowGraph, "--strategy", "serial,lockfree", "--param", "chunks=2"}, []string{`parameter "chunks" is taken by none`, "lockfree takes minwork, spin"}},
		{[]string{"bench", "--graph", slowGraph, "--strategy", "mutex", "--param", "chunks=1000000"}, []string{`chunks="1000000" is above the maximum`}},
		{[]string{"bench", "--graph", slowGraph, "--param", "ipc=udp"}, []string{`ipc="udp" is not one of the allowed values`, "one of pipe, shm"}},
		{[]string{"run", slowGraph, "--strategy", "lockfree", "--param", "spin=soon"}, []string{`spin="soon" is not a duration`, "auto or a duration >= 0s"}},
		{[]string{"run", slowGraph, "--strategy", "lockfree", "--param", "minwork=1,2"}, []string{"one value a parameter here"}},
		{[]string{"run", slowGraph, "--strategy", "serial", "--param", "minwork=1"}, []string{"strategy serial takes no parameters"}},
		{[]string{"run", slowGraph, "--param", "=1"}, []string{"want KEY=VALUE"}},
	} {
		start := time.Now()
		_, stderr, code := prkWithin(t, 5*time.Second, c.args...)
		if code != exitUsage {
			t.Errorf("prk %s: exit %d, want %d (stderr %q)", strings.Join(c.args, " "), code, exitUsage, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("prk %s: stderr %q does not say %q", strings.Join(c.args, " "), stderr, w)
			}
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("prk %s took %v: it loaded before checking", strings.Join(c.args, " "), d)
		}
	}
}

// TestInfoAndRunHelpListParameters: prk info lists every strategy's doc
// and parameters with defaults and allowed values, prk run --help lists
// them too, and both name the kernel aliases.
func TestInfoAndRunHelpListParameters(t *testing.T) {
	stdout, stderr, code := prk(t, "info")
	if code != 0 {
		t.Fatalf("info: exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"strategy lockfree", "minwork=16384", "least work", "an integer >= 0", "spin=auto", "auto or a duration",
		"strategy mutex", "chunks=INT", "strategy serial", "[one worker]", "strategy subprocess", "ipc=pipe", "one of pipe, shm",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("prk info lacks %q:\n%s", want, stdout)
		}
	}
	stdout, _, _ = prk(t, "run", "--help")
	for _, want := range []string{"--param minwork=16384", "--param ipc=pipe", "one of pipe, shm", "prk info"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("prk run --help lacks %q:\n%s", want, stdout)
		}
	}
}

// TestRunNotesWorkersNotUsed: --workers with a one-worker strategy, and a
// strategy that ran fewer workers than asked, are said on stderr; the
// summary prints the workers that ran.
func TestRunNotesWorkersNotUsed(t *testing.T) {
	stdout, stderr, code := prk(t, "run", "seed:100", "--strategy", "serial", "--workers", "8", "--iterations", "2", "--top", "0")
	if code != 0 || !strings.Contains(stderr, "--workers is ignored by strategy serial") || !strings.Contains(stdout, "serial, 1 worker,") {
		t.Errorf("serial --workers 8: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	stdout, stderr, code = prk(t, "run", "seed:100", "--strategy", "lockfree", "--workers", "2", "--iterations", "2", "--top", "0")
	if code != 0 || !strings.Contains(stderr, "lockfree ran 1 of the 2 workers asked") || !strings.Contains(stdout, "lockfree, 1 worker,") {
		t.Errorf("lockfree --workers 2 on seed:100: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	stdout, stderr, code = prk(t, "run", "seed:100", "--strategy", "lockfree", "--workers", "2", "--param", "minwork=0", "--iterations", "2", "--top", "0")
	if code != 0 || strings.Contains(stderr, "workers asked") || !strings.Contains(stdout, "lockfree, 2 workers,") {
		t.Errorf("lockfree --workers 2 minwork=0: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
