package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// completionFlag is the argument urfave/cli's completion scripts append.
const completionFlag = "--generate-bash-completion"

// interspersed reorders args the way urfave/cli v2 needs them, so that
// flags may come anywhere, as in most Go tools:
//
//   - a command's flags move ahead of its positional arguments (urfave stops
//     reading flags at the first positional argument, so without this
//     `prk run GRAPH --iterations 10` would take --iterations as a second
//     GRAPH);
//   - global flags given after the command (`prk run GRAPH --cpuprofile
//     cpu.prof`) move ahead of the command, where urfave looks for them. A
//     name the command defines itself stays the command's.
//
// A flag takes the next argument as its value unless it is a boolean or
// written --flag=value; "--" ends the flags as usual. A completion request
// is left alone: urfave handles it on the words as typed.
func interspersed(app *cli.App, args []string) []string {
	if len(args) < 2 || args[len(args)-1] == completionFlag {
		return args
	}
	// Global flags come first; find the command.
	i := 1
	for i < len(args) && strings.HasPrefix(args[i], "-") && args[i] != "--" {
		if takesValue(app.Flags, args[i]) {
			i++
		}
		i++
	}
	if i >= len(args) {
		return args
	}
	cmd := app.Command(args[i])
	if cmd == nil {
		return args
	}
	var globals, flags, positional []string
	rest := args[i+1:]
	for j := 0; j < len(rest); j++ {
		a := rest[j]
		switch {
		case a == "--":
			positional = append(positional, rest[j+1:]...)
			j = len(rest)
		case strings.HasPrefix(a, "-") && a != "-":
			dst := &flags
			owner := cmd.Flags
			if !hasFlag(cmd.Flags, a) && hasFlag(app.Flags, a) {
				dst, owner = &globals, app.Flags
			}
			*dst = append(*dst, a)
			if takesValue(owner, a) && j+1 < len(rest) {
				j++
				*dst = append(*dst, rest[j])
			}
		default:
			positional = append(positional, a)
		}
	}
	out := append([]string{}, args[:i]...)
	out = append(out, globals...)
	out = append(out, args[i])
	out = append(out, flags...)
	if len(positional) > 0 {
		out = append(out, "--")
		out = append(out, positional...)
	}
	return out
}

// flagName returns arg's flag name: "--iterations=10" is "iterations".
func flagName(arg string) string {
	name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
	return name
}

// hasFlag reports whether flags define arg's name.
func hasFlag(flags []cli.Flag, arg string) bool {
	return lookupFlag(flags, arg) != nil
}

func lookupFlag(flags []cli.Flag, arg string) cli.Flag {
	name := flagName(arg)
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}

// takesValue reports whether arg is a flag of flags that reads the next argument.
func takesValue(flags []cli.Flag, arg string) bool {
	if strings.Contains(arg, "=") {
		return false
	}
	f := lookupFlag(flags, arg)
	if f == nil {
		return false
	}
	_, isBool := f.(*cli.BoolFlag)
	return !isBool
}
