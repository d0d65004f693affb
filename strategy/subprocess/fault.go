package subprocess

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// fault is a failure a test asks one worker to commit, through the
// strategy's "fault" parameter: kind[:worker=N][:iter=K]. It exists only to
// test the parent's failure handling; nothing sets it unless asked to.
type fault struct {
	kind   string
	worker int    // which worker misbehaves (default 0)
	iter   uint64 // in which iteration, counted from 1 since Prepare (default 1)
}

// faultKinds lists the faults a worker can commit, with what it does.
var faultKinds = map[string]string{
	"die":         "exit with status 3 on receiving iteration K",
	"stall":       "stop answering in iteration K",
	"garbage":     "answer iteration K with bytes that are not a frame",
	"badlen":      "answer iteration K with a result frame claiming 2^40 bytes",
	"error":       "report a failure in iteration K with an error frame",
	"badhello":    "answer the handshake with the wrong magic",
	"nohook-exit": "exit at once without serving, as a program that lacks the ServeIfWorker hook",
	"nohook-hang": "never answer, as a program that lacks the hook and runs on",
}

// parseFault parses the fault parameter; "" is no fault.
func parseFault(spec string) (fault, error) {
	f := fault{iter: 1}
	if spec == "" {
		return f, nil
	}
	parts := strings.Split(spec, ":")
	f.kind = parts[0]
	if _, ok := faultKinds[f.kind]; !ok {
		kinds := slices.Sorted(maps.Keys(faultKinds))
		return f, fmt.Errorf("fault %q: unknown kind %q (kinds: %s)", spec, f.kind, strings.Join(kinds, ", "))
	}
	for _, p := range parts[1:] {
		key, val, ok := strings.Cut(p, "=")
		n, err := strconv.ParseUint(val, 10, 32)
		switch {
		case !ok || err != nil:
			return f, fmt.Errorf("fault %q: %q is not key=number", spec, p)
		case key == "worker":
			f.worker = int(n)
		case key == "iter" && n > 0:
			f.iter = n
		default:
			return f, fmt.Errorf("fault %q: unknown setting %q (want worker=N or iter=K, K from 1)", spec, p)
		}
	}
	return f, nil
}

// env is what the misbehaving worker finds in its environment: the kind
// and iteration, the worker index being implied.
func (f fault) env() string {
	if f.kind == "" {
		return ""
	}
	return f.kind + ":iter=" + strconv.FormatUint(f.iter, 10)
}
