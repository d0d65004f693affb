package main

import (
	_ "embed"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"
)

// The bash and zsh scripts ask prk itself for candidates (urfave/cli's
// --generate-bash-completion), so they follow every command and flag
// without being regenerated; fish's is generated from the same definitions.
var (
	//go:embed completion/prk.bash
	bashCompletion string
	//go:embed completion/prk.zsh
	zshCompletion string
)

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script: bash, zsh or fish",
		ArgsUsage: "bash|zsh|fish",
		Description: "Examples:\n" +
			"  source <(prk completion bash)                  # bash, this shell\n" +
			"  prk completion bash > /etc/bash_completion.d/prk\n" +
			"  prk completion zsh > \"${fpath[1]}/_prk\"        # zsh (then compinit)\n" +
			"  prk completion fish > ~/.config/fish/completions/prk.fish",
		Action: func(c *cli.Context) error {
			if err := needArgs(c, 1, 1, "bash|zsh|fish"); err != nil {
				return err
			}
			return writeCompletion(c.App.Writer, c.Args().First())
		},
	}
}

func writeCompletion(w io.Writer, shell string) error {
	var script string
	switch shell {
	case "bash":
		script = bashCompletion
	case "zsh":
		script = zshCompletion
	case "fish":
		// From an app that has not run: urfave/cli v2.27's help command is
		// one package-level value that each run's set-up gives itself as a
		// subcommand again, and the fish and man generators recurse through
		// it without end (a stack overflow in-process after a few runs).
		s, err := newApp(io.Discard, io.Discard).ToFishCompletion()
		if err != nil {
			return fmt.Errorf("fish completion: %w", err)
		}
		script = s
	default:
		return usagef("completion: no script for shell %q (have: bash, zsh, fish)", shell)
	}
	_, err := io.WriteString(w, script)
	return err
}

func manCommand() *cli.Command {
	return &cli.Command{
		Name:        "man",
		Usage:       "print the manual page (roff): prk man > prk.1 && man ./prk.1",
		Description: "make man writes it to bin/prk.1.",
		Action: func(c *cli.Context) error {
			if err := needArgs(c, 0, 0, ""); err != nil {
				return err
			}
			// From an app that has not run, as for fish (see writeCompletion).
			page, err := newApp(io.Discard, io.Discard).ToManWithSection(1) // a user command
			if err != nil {
				return fmt.Errorf("man page: %w", err)
			}
			_, err = io.WriteString(c.App.Writer, page)
			return err
		},
	}
}
