//go:build mpi && unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// These tests start prk under mpirun (Open MPI): the binary is
// $PRK_MPI_BIN (make test-mpi builds bin/prk-mpi) or built here with
// -tags mpi.

var (
	mpiBinOnce sync.Once
	mpiBin     string
	mpiBinErr  error
)

func mpiBinary(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("mpirun"); err != nil {
		t.Skip("mpirun is missing (Debian: apt-get install openmpi-bin libopenmpi-dev)")
	}
	mpiBinOnce.Do(func() {
		if b := os.Getenv("PRK_MPI_BIN"); b != "" {
			mpiBin, mpiBinErr = filepath.Abs(b)
			return
		}
		dir, err := os.MkdirTemp("", "prk-mpi-test")
		if err != nil {
			mpiBinErr = err
			return
		}
		mpiBin = filepath.Join(dir, "prk")
		out, err := exec.Command("go", "build", "-tags", "mpi", "-o", mpiBin, ".").CombinedOutput()
		if err != nil {
			mpiBinErr = &exec.ExitError{Stderr: out}
		}
	})
	if mpiBinErr != nil {
		t.Fatalf("building prk with -tags mpi: %v", mpiBinErr)
	}
	return mpiBin
}

// mpirun runs prk on np ranks and returns its output, exit code and time.
func mpirun(t *testing.T, np int, limit time.Duration, args ...string) (stdout, stderr string, code int, took time.Duration) {
	t.Helper()
	bin := mpiBinary(t)
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, "mpirun", append([]string{"--oversubscribe", "-np", strconv.Itoa(np), bin}, args...)...)
	cmd.Env = append(os.Environ(), "OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1")
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	start := time.Now()
	err := cmd.Run()
	took = time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("mpirun -np %d prk %s did not end within %v:\n%s%s", np, strings.Join(args, " "), limit, o.String(), e.String())
	}
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), code, took
}

// readScores reads an --out file.
func readScores(t *testing.T, path string) map[string]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]float64{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		id, v, _ := strings.Cut(s.Text(), "\t")
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("%s: %q", path, s.Text())
		}
		m[id] = x
	}
	return m
}

func sameScores(t *testing.T, what string, got, want map[string]float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d scores, want %d", what, len(got), len(want))
	}
	for id, w := range want {
		if g := got[id]; math.Abs(g-w) > 1e-12*w {
			t.Fatalf("%s: node %s: %v, serial %v", what, id, g, w)
		}
	}
}

// testGraphs writes one graph as .prkg (read in parts) and as an edge list
// (loaded whole by every rank), with file ids that are not 0..n-1.
func testGraphs(t *testing.T) (prkg, txt string) {
	dir := t.TempDir()
	prkg, txt = filepath.Join(dir, "g.prkg"), filepath.Join(dir, "g.txt")
	var b strings.Builder
	for i := range 3000 {
		for k := range 1 + i%7 {
			b.WriteString(strconv.Itoa(10*i+1) + " " + strconv.Itoa(10*((i*31+k*977)%3000)+1) + "\n")
		}
	}
	if err := os.WriteFile(txt, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := prk(t, "convert", txt, prkg); code != 0 {
		t.Fatal(stderr)
	}
	return prkg, txt
}

// TestMPIRun: under mpirun with 1 to 4 ranks, prk run prints one summary
// (rank 0's), writes --out once, and its scores are the serial ones, by
// the file's ids, from a text file, a .prkg and a .prkg stored renumbered.
func TestMPIRun(t *testing.T) {
	prkg, txt := testGraphs(t)
	dir := t.TempDir()
	want := filepath.Join(dir, "serial.tsv")
	if _, stderr, code := prk(t, "run", txt, "--strategy", "serial", "--out", want, "--tol", "1e-12"); code != 0 {
		t.Fatal(stderr)
	}
	serial := readScores(t, want)
	// The same graph stored renumbered (read in parts, its order mapping
	// the ids back) and gzip'd (loaded by rank 0, sent in file order).
	ordered, orderedGz := filepath.Join(dir, "degree.prkg"), filepath.Join(dir, "degree.prkg.gz")
	for _, out := range []string{ordered, orderedGz} {
		if _, stderr, code := prk(t, "convert", txt, out, "--order", "degree"); code != 0 {
			t.Fatal(stderr)
		}
	}
	for np := 1; np <= 4; np++ {
		graphs := []string{prkg, txt, ordered}
		if np == 2 {
			graphs = append(graphs, orderedGz)
		}
		for _, g := range graphs {
			out := filepath.Join(dir, "mpi.tsv")
			stdout, stderr, code, _ := mpirun(t, np, 60*time.Second, "run", g, "--strategy", "mpi", "--out", out, "--tol", "1e-12", "--top", "3")
			if code != 0 {
				t.Fatalf("np=%d %s: exit %d\n%s%s", np, g, code, stdout, stderr)
			}
			if n := strings.Count(stdout, "nodes       3000"); n != 1 {
				t.Errorf("np=%d %s: the summary was printed %d times, want once (by rank 0):\n%s", np, g, n, stdout)
			}
			if !strings.Contains(stdout, "strategy    mpi, "+strconv.Itoa(np)) {
				t.Errorf("np=%d %s: the summary does not say %d ranks:\n%s", np, g, np, stdout)
			}
			sameScores(t, "np="+strconv.Itoa(np)+" "+g, readScores(t, out), serial)
			os.Remove(out)
		}
	}
}

// TestMPIBadInput: bad input is reported once, by rank 0, naming the rank
// that found it when that is not rank 0, and every rank exits non-zero.
func TestMPIBadInput(t *testing.T) {
	prkg, _ := testGraphs(t)
	good, err := os.ReadFile(prkg)
	if err != nil {
		t.Fatal(err)
	}
	n := binary.LittleEndian.Uint64(good[16:])
	m := binary.LittleEndian.Uint64(good[24:])
	sources := 40 + 8*(n+1)
	dir := t.TempDir()
	write := func(name string, damage func([]byte)) string {
		b := bytes.Clone(good)
		damage(b)
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// The last arc belongs to the last rank's rows; its source beyond N
	// is what only that rank sees.
	badSource := write("badsource.prkg", func(b []byte) {
		binary.LittleEndian.PutUint32(b[sources+4*(m-1):], uint32(n))
	})
	badSum := write("badsum.prkg", func(b []byte) { b[len(b)-1] ^= 0xff })
	badText := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(badText, []byte("1 2\n2 x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, graph, want string
		np                int
	}{
		{"missing file", filepath.Join(dir, "nope.prkg"), "no such file", 3},
		{"source beyond N on the last rank", badSource, "prk: rank 2: " + badSource, 3},
		{"checksum", badSum, "checksum mismatch", 2},
		{"edge list rank 0 loads", badText, badText + ":2", 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, code, _ := mpirun(t, c.np, 60*time.Second, "run", c.graph, "--strategy", "mpi")
			if code == 0 {
				t.Fatalf("exit 0 for bad input:\n%s%s", stdout, stderr)
			}
			if got := strings.Count(stderr, c.want); got != 1 {
				t.Errorf("stderr says %q %d times, want once:\n%s", c.want, got, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout is not empty:\n%s", stdout)
			}
		})
	}
}

// TestMPIRankDies: a rank killed mid-solve (SIGKILL, as a crashed node)
// ends the whole job within seconds, and mpirun names the rank.
func TestMPIRankDies(t *testing.T) {
	prkg, _ := testGraphs(t)
	stdout, stderr, code, took := mpirun(t, 3, 60*time.Second, "run", prkg, "--strategy", "mpi",
		"--iterations", "100000", "--param", "fault=die:rank=1:iter=3")
	if code == 0 {
		t.Fatalf("exit 0 although rank 1 was killed:\n%s%s", stdout, stderr)
	}
	if took > 20*time.Second {
		t.Errorf("the job took %v to end after rank 1 died", took)
	}
	if !strings.Contains(stdout+stderr, "rank 1") {
		t.Errorf("the output does not name rank 1:\n%s%s", stdout, stderr)
	}
	t.Logf("ended in %v, exit %d", took, code)
}

// TestMPIBench: prk bench --strategy mpi under mpirun reports, once, the
// time per iteration and the bytes moved per iteration.
func TestMPIBench(t *testing.T) {
	prkg, _ := testGraphs(t)
	stdout, stderr, code, _ := mpirun(t, 2, 60*time.Second, "bench", "--strategy", "mpi", "--graph", prkg,
		"--count", "1", "--iterations", "3", "--output-format", "json")
	if code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, stdout, stderr)
	}
	var out struct {
		Results []struct {
			Strategy   string  `json:"strategy"`
			NsPerIter  float64 `json:"ns_per_iter"`
			BytesMoved int64   `json:"bytes_moved"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("the report is not one JSON document (printed by rank 0 only): %v\n%s", err, stdout)
	}
	if len(out.Results) != 1 || out.Results[0].Strategy != "mpi" || out.Results[0].NsPerIter <= 0 || out.Results[0].BytesMoved <= 0 {
		t.Errorf("results %+v: want one mpi cell with a time and bytes moved per iteration", out.Results)
	}
}

// TestMPIRankKilled kills rank 1 from outside (SIGKILL, found by its
// environment in /proc) while the job iterates: the job must end within
// seconds, mpirun naming the rank.
func TestMPIRankKilled(t *testing.T) {
	if _, err := os.Stat("/proc/self/environ"); err != nil {
		t.Skip("needs /proc")
	}
	prkg, _ := testGraphs(t)
	bin := mpiBinary(t)
	mark := "PRK_MPI_TEST_MARK=" + strconv.Itoa(os.Getpid())
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "mpirun", "--oversubscribe", "-np", "3", bin, "run", prkg, "--strategy", "mpi", "--iterations", "1000000")
	cmd.Env = append(os.Environ(), "OMPI_ALLOW_RUN_AS_ROOT=1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1", mark)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Find rank 1 once the job runs, and let it iterate a while.
	var pid int
	for deadline := time.Now().Add(20 * time.Second); pid == 0 && time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
		pid = findRank(mark, 1)
	}
	if pid == 0 {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("rank 1 never showed up:\n%s", out.String())
	}
	time.Sleep(time.Second)
	killed := time.Now()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	took := time.Since(killed)
	if ctx.Err() != nil {
		t.Fatalf("the job did not end after rank 1 was killed:\n%s", out.String())
	}
	if err == nil {
		t.Fatalf("exit 0 although rank 1 was killed:\n%s", out.String())
	}
	if took > 20*time.Second {
		t.Errorf("the job took %v to end after rank 1 was killed", took)
	}
	if !strings.Contains(out.String(), "rank 1") {
		t.Errorf("the output does not name rank 1:\n%s", out.String())
	}
	t.Logf("ended %v after the kill: %v", took, err)
}

// findRank returns the pid of the process whose environment holds mark
// and OMPI_COMM_WORLD_RANK=rank, or 0.
func findRank(mark string, rank int) int {
	dirs, _ := os.ReadDir("/proc")
	want := "OMPI_COMM_WORLD_RANK=" + strconv.Itoa(rank)
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", d.Name(), "environ"))
		if err != nil {
			continue
		}
		vars := strings.Split(string(env), "\x00")
		if slices.Contains(vars, mark) && slices.Contains(vars, want) {
			return pid
		}
	}
	return 0
}

// TestMPIRunWeightedPersonalized: a weighted graph with file ids, read in
// parts (.prkg) or scattered by rank 0 (edge list), with a personalization
// file (read by every rank against the ids) and a fixed iteration count,
// gives serial's scores.
func TestMPIRunWeightedPersonalized(t *testing.T) {
	dir := t.TempDir()
	txt, prkg, pers := filepath.Join(dir, "w.txt"), filepath.Join(dir, "w.prkg"), filepath.Join(dir, "p.tsv")
	var b, p strings.Builder
	for i := range 2000 {
		for k := range 1 + i%5 {
			b.WriteString(strconv.Itoa(3*i+2) + " " + strconv.Itoa(3*((i*17+k*389)%2000)+2) + " " + strconv.Itoa(1+(i+k)%4) + "\n")
		}
		if i%3 == 0 {
			p.WriteString(strconv.Itoa(3*i+2) + " " + strconv.Itoa(1+i%2) + "\n")
		}
	}
	for path, text := range map[string]string{txt: b.String(), pers: p.String()} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, stderr, code := prk(t, "convert", txt, prkg); code != 0 {
		t.Fatal(stderr)
	}
	args := []string{"--personalization", pers, "--iterations", "30"}
	want := filepath.Join(dir, "serial.tsv")
	if _, stderr, code := prk(t, append([]string{"run", prkg, "--strategy", "serial", "--out", want}, args...)...); code != 0 {
		t.Fatal(stderr)
	}
	// The .prkg is read in parts; the edge list is loaded by rank 0 and
	// scattered, ids and weights included.
	for _, g := range []string{prkg, txt} {
		got := filepath.Join(dir, "mpi.tsv")
		stdout, stderr, code, _ := mpirun(t, 3, 60*time.Second, append([]string{"run", g, "--strategy", "mpi", "--out", got}, args...)...)
		if code != 0 {
			t.Fatalf("%s: exit %d:\n%s%s", g, code, stdout, stderr)
		}
		if !strings.Contains(stdout, "(weighted)") {
			t.Errorf("%s: the summary does not say weighted:\n%s", g, stdout)
		}
		sameScores(t, g+", weighted, personalized", readScores(t, got), readScores(t, want))
	}
}
