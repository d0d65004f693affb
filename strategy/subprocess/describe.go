package subprocess

import (
	"strconv"

	"github.com/prkbench/prk/strategy"
)

// description is what the strategy registers: the parameters New checks
// before newStrategy runs, and what prk info lists.
var description = strategy.Description{
	Name:      Name,
	Doc:       "the study's process pool, done right: worker processes of prk's own binary, the graph shipped once",
	Processes: true,
	Params: []strategy.Param{
		{
			Name: "ipc", Type: strategy.ParamEnum, Default: "pipe", Values: []string{"pipe", "shm"},
			Doc: "how vectors travel: pipe (copied through pipes each iteration) or shm (a shared mapping, signalled by futexes)",
		},
		{
			Name: "timeout", Type: strategy.ParamDuration, Default: DefaultTimeout.String(), Min: strategy.Bound(1),
			Doc: "how long to wait for a worker to answer one iteration, the handshake or a chunk of set-up",
		},
		{
			Name: "minwork", Type: strategy.ParamInt, Default: strconv.Itoa(defaultMinWork), Min: strategy.Bound(0),
			Doc: "least work (arcs plus rows) per worker process: smaller graphs run fewer; 0 runs them all",
		},
		{
			Name: "fault", Type: strategy.ParamString,
			Doc: "for tests: make a worker misbehave, KIND[:worker=N][:iter=K] (see docs/subprocess.md)",
		},
	},
}
