package subprocess

import "github.com/prkbench/prk/strategy"

// description is what the strategy registers: the parameters New checks
// before newStrategy runs, and what prk info lists.
var description = strategy.Description{
	Name:      Name,
	Doc:       "the study's process pool, done right: worker processes of prk's own binary, the graph shipped once",
	Processes: true,
	Params: []strategy.Param{
		{
			Name: "ipc", Type: strategy.ParamEnum, Default: "pipe", Values: []string{"pipe", "shm"},
			Doc: "how vectors travel: pipe (copied through pipes) or shm (shared memory, pipes only signal)",
		},
		{
			Name: "timeout", Type: strategy.ParamDuration, Default: DefaultTimeout.String(), Min: strategy.Bound(1),
			Doc: "how long to wait for a worker to answer one iteration, the handshake or a chunk of set-up",
		},
		{
			Name: "fault", Type: strategy.ParamString,
			Doc: "for tests: make a worker misbehave, KIND[:worker=N][:iter=K] (see docs/subprocess.md)",
		},
	},
}
