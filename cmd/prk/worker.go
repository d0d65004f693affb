package main

import (
	"os"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/strategy/subprocess"
)

// workerCommand is the hidden end of the subprocess strategy: a worker
// process serves its parent over stdin and stdout. The strategy normally
// starts workers through subprocess.ServeIfWorker in main; this command lets
// a worker be started by hand for debugging the protocol.
func workerCommand() *cli.Command {
	return &cli.Command{
		Name:   "worker",
		Usage:  "serve the subprocess strategy's protocol on stdin/stdout (internal)",
		Hidden: true,
		Action: func(c *cli.Context) error {
			return subprocess.Serve(os.Stdin, os.Stdout)
		},
	}
}

// setWorkerCPUProfile makes subprocess workers write their own CPU profiles
// next to the parent's.
func setWorkerCPUProfile(parentPath string) {
	subprocess.SetWorkerCPUProfile(parentPath)
}
