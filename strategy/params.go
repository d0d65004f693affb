package strategy

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ParamType is the type of a strategy parameter's value.
type ParamType string

// The parameter types. Every value is given as text (--param KEY=VALUE);
// the type says which texts are valid and which Config accessor reads it.
const (
	// ParamInt is a decimal integer (Config.Int), within Param.Min and
	// Param.Max when they are set.
	ParamInt ParamType = "int"
	// ParamBool is true or false, or 1, 0, t, f as strconv.ParseBool
	// reads them (Config.Bool).
	ParamBool ParamType = "bool"
	// ParamString is any text (Config.Value).
	ParamString ParamType = "string"
	// ParamEnum is one of Param.Values (Config.Value).
	ParamEnum ParamType = "enum"
	// ParamDuration is a Go duration such as 50us or 1.5s
	// (Config.Duration), within Param.Min and Param.Max (nanoseconds)
	// when they are set.
	ParamDuration ParamType = "duration"
)

// Param describes one setting a strategy takes. The strategy package
// checks every value given against it before the factory runs, so a bad
// value is an error naming the parameter and what it allows, whichever
// strategy it is for, and the factory reads typed values (Config.Int,
// Config.Bool, Config.Duration, Config.Value) without parsing.
type Param struct {
	// Name is the key of --param KEY=VALUE: lower case letters, digits,
	// '-' and '_'.
	Name string
	// Type is the type of the value.
	Type ParamType
	// Default is the value used when the parameter is not given, written
	// as a user would write it; it must itself be valid. Empty means no
	// fixed default: Doc then says what happens without it (for example
	// "default: the worker count"), and Config.Has reports false.
	Default string
	// Doc says in one line what the parameter does.
	Doc string
	// Values are, for ParamEnum, the allowed values. For ParamInt and
	// ParamDuration they are words accepted besides numbers (such as
	// "auto"), which the factory reads with Config.Value.
	Values []string
	// Min and Max bound a ParamInt value, or a ParamDuration value in
	// nanoseconds, inclusively; nil leaves that side open. Bound makes
	// one.
	Min, Max *int64
}

// Bound returns a pointer to v, for Param.Min and Param.Max.
func Bound(v int64) *int64 { return &v }

// Description is what a strategy registers besides its factory: its name,
// a line saying what it does, the parameters it takes and how many workers
// it runs. prk info and prk run --help list it; New checks Config.Params
// against it; prk bench --param routes each key to the strategies that
// declare it.
type Description struct {
	// Name is the strategy's name: not empty, no comma, '=' or white space.
	Name string
	// Doc says in one line what the strategy is or demonstrates.
	Doc string
	// Params are the settings the strategy takes, in the order prk info
	// lists them. Any other key is rejected by New (ErrUnknownParam).
	Params []Param
	// Serial says the strategy runs one worker whatever Config.Workers
	// asks: the guard then reports one worker (WorkerReporter) unless the
	// strategy reports its own count, and prk notes that --workers is
	// ignored.
	Serial bool
	// Processes says the strategy's workers are processes: New caps them
	// at MaxProcessesPerCPU per CPU instead of MaxWorkersPerCPU.
	Processes bool
	// Launched says the worker count is set by how the program was
	// launched (mpirun's ranks), not by Config.Workers: the strategy
	// reports its own count (WorkerReporter), prk notes that --workers is
	// ignored, and the conformance suite checks only that the count is at
	// least 1.
	Launched bool
	// UncheckedParams says the parameters are not declared: New hands
	// Config.Params to the factory unchecked, and the factory checks them
	// (CheckParams). Register sets it, for strategies registered before
	// descriptions existed; Params must then be empty.
	UncheckedParams bool
}

// Param returns the declared parameter called name.
func (d *Description) Param(name string) (Param, bool) {
	for _, p := range d.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Takes reports whether the strategy may take the parameter key: it
// declares it, or its parameters are unchecked (then only its factory
// knows).
func (d *Description) Takes(key string) bool {
	_, ok := d.Param(key)
	return ok || d.UncheckedParams
}

// ParamNames returns the declared parameters' names, in declaration order.
func (d *Description) ParamNames() []string {
	names := make([]string, len(d.Params))
	for i, p := range d.Params {
		names[i] = p.Name
	}
	return names
}

// ErrBadParam is matched (errors.Is) by the error New returns for a value
// the strategy's description does not allow; ErrUnknownParam by the error
// for a key it does not declare.
var ErrBadParam = errors.New("strategy: bad parameter value")

// ParamError is a parameter New refused, before any factory ran: a key
// the strategy does not take (it matches ErrUnknownParam) or a value its
// Param does not allow (it matches ErrBadParam).
type ParamError struct {
	// Strategy is the strategy's name; Param and Value what was given.
	Strategy, Param, Value string
	// Unknown says the strategy has no such parameter; Known then lists
	// the parameters it has.
	Unknown bool
	Known   []string
	// Problem says what is wrong with the value and Allowed what the
	// parameter takes (Param.Allowed).
	Problem, Allowed string
}

func (e *ParamError) Error() string {
	if e.Unknown {
		if len(e.Known) == 0 {
			return fmt.Sprintf("strategy %s takes no parameters (got %q)", e.Strategy, e.Param)
		}
		return fmt.Sprintf("strategy %s has no parameter %q (it takes: %s)", e.Strategy, e.Param, strings.Join(e.Known, ", "))
	}
	return fmt.Sprintf("strategy %s: parameter %s=%q %s; %s takes %s", e.Strategy, e.Param, e.Value, e.Problem, e.Param, e.Allowed)
}

// Is makes errors.Is match ErrUnknownParam or ErrBadParam.
func (e *ParamError) Is(target error) bool {
	if e.Unknown {
		return target == ErrUnknownParam
	}
	return target == ErrBadParam
}

// Allowed says in words what values p takes, for errors and prk info:
// "an integer in [0, 65536]", "one of pipe, shm", "auto or a duration
// >= 0s".
func (p *Param) Allowed() string {
	var s string
	switch p.Type {
	case ParamInt:
		s = "an integer" + p.bounds(func(v int64) string { return strconv.FormatInt(v, 10) })
	case ParamDuration:
		s = "a duration" + p.bounds(func(v int64) string { return time.Duration(v).String() }) + " (such as 50us or 2s)"
	case ParamBool:
		return "true or false"
	case ParamEnum:
		return "one of " + strings.Join(p.Values, ", ")
	case ParamString:
		return "any text"
	default:
		return "nothing (unknown type " + string(p.Type) + ")"
	}
	if len(p.Values) > 0 {
		s = strings.Join(p.Values, " or ") + " or " + s
	}
	return s
}

// bounds writes p's Min and Max for Allowed, with f formatting a bound.
func (p *Param) bounds(f func(int64) string) string {
	switch {
	case p.Min != nil && p.Max != nil:
		return fmt.Sprintf(" in [%s, %s]", f(*p.Min), f(*p.Max))
	case p.Min != nil:
		return " >= " + f(*p.Min)
	case p.Max != nil:
		return " <= " + f(*p.Max)
	}
	return ""
}

// Check returns what is wrong with value for p ("is not an integer", "is
// below the minimum 1"), or "" when p allows it.
func (p *Param) Check(value string) string {
	if slices.Contains(p.Values, value) {
		return ""
	}
	switch p.Type {
	case ParamInt:
		n, err := strconv.ParseInt(value, 10, 64)
		if err != nil || n < math.MinInt || n > math.MaxInt {
			return "is not an integer"
		}
		return p.inBounds(n, strconv.FormatInt)
	case ParamDuration:
		d, err := time.ParseDuration(value)
		if err != nil {
			return "is not a duration"
		}
		return p.inBounds(int64(d), func(v int64, _ int) string { return time.Duration(v).String() })
	case ParamBool:
		if _, err := strconv.ParseBool(value); err != nil {
			return "is not true or false"
		}
	case ParamEnum:
		return "is not one of the allowed values"
	case ParamString:
	default:
		return "has an unknown type"
	}
	return ""
}

func (p *Param) inBounds(n int64, f func(int64, int) string) string {
	if p.Min != nil && n < *p.Min {
		return "is below the minimum " + f(*p.Min, 10)
	}
	if p.Max != nil && n > *p.Max {
		return "is above the maximum " + f(*p.Max, 10)
	}
	return ""
}

// CheckParams checks params against d: every key must be declared and
// every value allowed. The error is a *ParamError; keys are checked in
// sorted order, so the error is the same every run.
func (d *Description) CheckParams(params map[string]string) error {
	if d.UncheckedParams {
		return nil
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p, ok := d.Param(k)
		if !ok {
			return &ParamError{Strategy: d.Name, Param: k, Value: params[k], Unknown: true, Known: d.ParamNames()}
		}
		if problem := p.Check(params[k]); problem != "" {
			return &ParamError{Strategy: d.Name, Param: k, Value: params[k], Problem: problem, Allowed: p.Allowed()}
		}
	}
	return nil
}

// validate checks a description at registration: a mistake there is the
// strategy author's, found the first time the program starts.
func (d *Description) validate() error {
	if d.Name == "" || strings.ContainsAny(d.Name, ", \t\n=") {
		return fmt.Errorf("invalid name %q", d.Name)
	}
	if strings.Contains(d.Doc, "\n") {
		return fmt.Errorf("%s: Doc must be one line", d.Name)
	}
	if d.UncheckedParams && len(d.Params) > 0 {
		return fmt.Errorf("%s: UncheckedParams with declared Params", d.Name)
	}
	seen := map[string]bool{}
	for _, p := range d.Params {
		switch {
		case !validParamName(p.Name):
			return fmt.Errorf("%s: invalid parameter name %q (want lower case letters, digits, - and _)", d.Name, p.Name)
		case seen[p.Name]:
			return fmt.Errorf("%s: parameter %s declared twice", d.Name, p.Name)
		case !slices.Contains([]ParamType{ParamInt, ParamBool, ParamString, ParamEnum, ParamDuration}, p.Type):
			return fmt.Errorf("%s: parameter %s has unknown type %q", d.Name, p.Name, p.Type)
		case p.Type == ParamEnum && len(p.Values) == 0:
			return fmt.Errorf("%s: enum parameter %s has no values", d.Name, p.Name)
		case len(p.Values) > 0 && p.Type != ParamEnum && p.Type != ParamInt && p.Type != ParamDuration:
			return fmt.Errorf("%s: parameter %s of type %s cannot have Values", d.Name, p.Name, p.Type)
		case (p.Min != nil || p.Max != nil) && p.Type != ParamInt && p.Type != ParamDuration:
			return fmt.Errorf("%s: parameter %s of type %s cannot have Min or Max", d.Name, p.Name, p.Type)
		case p.Min != nil && p.Max != nil && *p.Min > *p.Max:
			return fmt.Errorf("%s: parameter %s has Min %d above Max %d", d.Name, p.Name, *p.Min, *p.Max)
		case strings.Contains(p.Doc, "\n"):
			return fmt.Errorf("%s: parameter %s: Doc must be one line", d.Name, p.Name)
		}
		if p.Default != "" {
			if problem := p.Check(p.Default); problem != "" {
				return fmt.Errorf("%s: parameter %s: default %q %s", d.Name, p.Name, p.Default, problem)
			}
		}
		seen[p.Name] = true
	}
	return nil
}

func validParamName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// The typed accessors below are how a factory reads its parameters. New
// has checked every given value against the strategy's Description, so
// they never fail on the user's input; asking for a parameter the
// description does not declare, or with the accessor of another type, is
// the strategy author's mistake and panics (New turns the panic into an
// error).

// param returns the declared parameter name and its value, given or default.
func (c Config) param(name string, types ...ParamType) (Param, string) {
	if c.desc == nil {
		panic(fmt.Sprintf("strategy: parameter %q read from a Config that strategy.New did not check against a Description", name))
	}
	p, ok := c.desc.Param(name)
	if !ok {
		panic(fmt.Sprintf("strategy %s: the factory reads parameter %q, which its Description does not declare", c.desc.Name, name))
	}
	if !slices.Contains(types, p.Type) {
		panic(fmt.Sprintf("strategy %s: parameter %s is %s, read as %s", c.desc.Name, name, p.Type, types[0]))
	}
	if v, ok := c.Params[name]; ok {
		return p, v
	}
	return p, p.Default
}

// Has reports whether the parameter name was given (not its default).
func (c Config) Has(name string) bool {
	_, ok := c.Params[name]
	return ok
}

// Value returns the parameter name's text, given or default: the value of
// a string or enum parameter, or a word (Param.Values) of an int or
// duration parameter.
func (c Config) Value(name string) string {
	_, v := c.param(name, ParamString, ParamEnum, ParamInt, ParamBool, ParamDuration)
	return v
}

// Int returns the int parameter name, given or default; 0 when it has
// neither, or when its value is one of its words (see Value).
func (c Config) Int(name string) int {
	p, v := c.param(name, ParamInt)
	if v == "" || slices.Contains(p.Values, v) {
		return 0
	}
	n, _ := strconv.Atoi(v)
	return n
}

// Bool returns the bool parameter name, given or default; false when it
// has neither.
func (c Config) Bool(name string) bool {
	_, v := c.param(name, ParamBool)
	b, _ := strconv.ParseBool(v)
	return b
}

// Duration returns the duration parameter name, given or default; 0 when
// it has neither, or when its value is one of its words (see Value).
func (c Config) Duration(name string) time.Duration {
	p, v := c.param(name, ParamDuration)
	if v == "" || slices.Contains(p.Values, v) {
		return 0
	}
	d, _ := time.ParseDuration(v)
	return d
}
