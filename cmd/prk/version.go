package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/prkbench/prk/internal/buildinfo"
)

// prk --version (and -v) prints the module version, the VCS revision, its
// time and whether the work tree was modified, and the toolchain, as the Go
// toolchain stamped them into the binary.
func init() {
	cli.VersionPrinter = func(c *cli.Context) {
		fmt.Fprint(c.App.Writer, buildinfo.Read().String())
	}
}
