package strategy_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prkbench/prk/strategy"
)

// paramsProbe is a strategy registered with a description of every
// parameter type; its factory records what the typed accessors read.
type paramsProbe struct {
	strategy.Strategy
	n     int
	b     bool
	mode  string
	d     time.Duration
	word  string
	text  string
	hasN  bool
	calls int
}

var lastProbe *paramsProbe

func init() {
	strategy.RegisterStrategy(strategy.Description{
		Name: "params-test",
		Doc:  "a strategy for the parameter schema tests",
		Params: []strategy.Param{
			{Name: "n", Type: strategy.ParamInt, Default: "7", Min: strategy.Bound(1), Max: strategy.Bound(100), Doc: "a bounded int"},
			{Name: "flag", Type: strategy.ParamBool, Default: "false", Doc: "a bool"},
			{Name: "mode", Type: strategy.ParamEnum, Default: "fast", Values: []string{"fast", "slow"}, Doc: "an enum"},
			{Name: "wait", Type: strategy.ParamDuration, Default: "auto", Values: []string{"auto"}, Min: strategy.Bound(0), Max: strategy.Bound(int64(time.Second)), Doc: "a duration or auto"},
			{Name: "label", Type: strategy.ParamString, Doc: "any text, no default"},
		},
	}, func(cfg strategy.Config) (strategy.Strategy, error) {
		lastProbe = &paramsProbe{
			Strategy: nopStrategy{}, n: cfg.Int("n"), b: cfg.Bool("flag"), mode: cfg.Value("mode"),
			d: cfg.Duration("wait"), word: cfg.Value("wait"), text: cfg.Value("label"), hasN: cfg.Has("n"),
		}
		return lastProbe, nil
	})
}

// nopStrategy does nothing; the parameter tests never prepare it.
type nopStrategy struct{}

func (nopStrategy) Prepare(context.Context, *strategy.Problem) error { return nil }
func (nopStrategy) Iterate(context.Context) (float64, error)         { return 0, nil }
func (nopStrategy) Scores() []float64                                { return nil }
func (nopStrategy) Reset() error                                     { return nil }
func (nopStrategy) Close() error                                     { return nil }

// TestParamDefaultsAndTypedValues: the factory reads defaults when nothing
// is given and the given values, typed, otherwise.
func TestParamDefaultsAndTypedValues(t *testing.T) {
	if _, err := strategy.New("params-test", strategy.Config{}); err != nil {
		t.Fatal(err)
	}
	p := lastProbe
	if p.n != 7 || p.b || p.mode != "fast" || p.d != 0 || p.word != "auto" || p.text != "" || p.hasN {
		t.Errorf("defaults read as n=%d flag=%v mode=%q wait=%v (%q) label=%q has(n)=%v", p.n, p.b, p.mode, p.d, p.word, p.text, p.hasN)
	}
	params := map[string]string{"n": "100", "flag": "true", "mode": "slow", "wait": "250ms", "label": "x y"}
	if _, err := strategy.New("params-test", strategy.Config{Params: params}); err != nil {
		t.Fatal(err)
	}
	p = lastProbe
	if p.n != 100 || !p.b || p.mode != "slow" || p.d != 250*time.Millisecond || p.word != "250ms" || p.text != "x y" || !p.hasN {
		t.Errorf("given values read as n=%d flag=%v mode=%q wait=%v label=%q has(n)=%v", p.n, p.b, p.mode, p.d, p.text, p.hasN)
	}
}

// TestBadParamValuesNameParamAndRange: every bad value is refused by New
// before the factory runs, with an error naming the parameter, the value
// and what it allows, matching ErrBadParam (or ErrUnknownParam).
func TestBadParamValuesNameParamAndRange(t *testing.T) {
	for _, c := range []struct {
		key, value string
		want       []string
		unknown    bool
	}{
		{"n", "0", []string{`parameter n="0" is below the minimum 1`, "an integer in [1, 100]"}, false},
		{"n", "101", []string{"above the maximum 100", "[1, 100]"}, false},
		{"n", "1.5", []string{`n="1.5" is not an integer`}, false},
		{"n", "99999999999999999999", []string{"is not an integer"}, false},
		{"flag", "maybe", []string{`flag="maybe" is not true or false`}, false},
		{"mode", "medium", []string{`mode="medium" is not one of the allowed values`, "one of fast, slow"}, false},
		{"wait", "2s", []string{"above the maximum 1s", "auto or a duration in [0s, 1s]"}, false},
		{"wait", "-1ns", []string{"below the minimum 0s"}, false},
		{"wait", "soon", []string{`wait="soon" is not a duration`}, false},
		{"nope", "1", []string{`strategy params-test has no parameter "nope" (it takes: n, flag, mode, wait, label)`}, true},
	} {
		lastProbe = nil
		_, err := strategy.New("params-test", strategy.Config{Params: map[string]string{c.key: c.value}})
		if err == nil {
			t.Errorf("%s=%s accepted", c.key, c.value)
			continue
		}
		if lastProbe != nil {
			t.Errorf("%s=%s: the factory ran before the value was refused", c.key, c.value)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s=%s: error %q does not say %q", c.key, c.value, err, w)
			}
		}
		var pe *strategy.ParamError
		if !errors.As(err, &pe) || pe.Param != c.key || pe.Strategy != "params-test" {
			t.Errorf("%s=%s: error %v is not a *ParamError naming the parameter", c.key, c.value, err)
		}
		if errors.Is(err, strategy.ErrUnknownParam) != c.unknown || errors.Is(err, strategy.ErrBadParam) == c.unknown {
			t.Errorf("%s=%s: error %v matches ErrUnknownParam %v, ErrBadParam %v", c.key, c.value, err,
				errors.Is(err, strategy.ErrUnknownParam), errors.Is(err, strategy.ErrBadParam))
		}
	}
}

// TestRegisterStrategyRefusesBadDescriptions: a description's mistakes are
// found at registration, by a panic naming them, as database/sql's
// Register panics on a duplicate.
func TestRegisterStrategyRefusesBadDescriptions(t *testing.T) {
	factory := func(strategy.Config) (strategy.Strategy, error) { return nopStrategy{}, nil }
	for _, c := range []struct {
		d    strategy.Description
		want string
	}{
		{strategy.Description{Name: "a b"}, "invalid name"},
		{strategy.Description{Name: "bad-doc", Doc: "two\nlines"}, "one line"},
		{strategy.Description{Name: "bad-default", Params: []strategy.Param{{Name: "k", Type: strategy.ParamInt, Default: "x"}}}, `default "x" is not an integer`},
		{strategy.Description{Name: "bad-range", Params: []strategy.Param{{Name: "k", Type: strategy.ParamInt, Min: strategy.Bound(5), Max: strategy.Bound(1)}}}, "Min 5 above Max 1"},
		{strategy.Description{Name: "bad-enum", Params: []strategy.Param{{Name: "k", Type: strategy.ParamEnum}}}, "no values"},
		{strategy.Description{Name: "bad-type", Params: []strategy.Param{{Name: "k", Type: "float"}}}, "unknown type"},
		{strategy.Description{Name: "bad-name", Params: []strategy.Param{{Name: "K=", Type: strategy.ParamInt}}}, "invalid parameter name"},
		{strategy.Description{Name: "dup", Params: []strategy.Param{{Name: "k", Type: strategy.ParamInt}, {Name: "k", Type: strategy.ParamBool}}}, "declared twice"},
		{strategy.Description{Name: "bool-bounds", Params: []strategy.Param{{Name: "k", Type: strategy.ParamBool, Min: strategy.Bound(0)}}}, "cannot have Min or Max"},
		{strategy.Description{Name: "serial"}, "twice"},
	} {
		func() {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(r.(string), c.want) {
					t.Errorf("RegisterStrategy(%+v) panicked with %v, want %q", c.d, r, c.want)
				}
			}()
			strategy.RegisterStrategy(c.d, factory)
		}()
	}
}

// TestFactoryReadingUndeclaredParamFails: a factory that reads a parameter
// its description lacks gets an error from New, not a crash.
func TestFactoryReadingUndeclaredParamFails(t *testing.T) {
	// Only with 7 workers, so that tests making every registered strategy
	// (TestWorkerCap) are not disturbed.
	strategy.RegisterStrategy(strategy.Description{Name: "params-test-undeclared"}, func(cfg strategy.Config) (strategy.Strategy, error) {
		if cfg.Workers == 7 {
			_ = cfg.Int("minwork")
		}
		return nopStrategy{}, nil
	})
	_, err := strategy.New("params-test-undeclared", strategy.Config{Workers: 7})
	var pe *strategy.PanicError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), `parameter "minwork", which its Description does not declare`) {
		t.Errorf("New = %v, want a *PanicError naming the undeclared parameter", err)
	}
}

// TestBuiltinDescriptions: every built-in describes itself and its
// parameters, and the schema agrees with what the factories accept.
func TestBuiltinDescriptions(t *testing.T) {
	for _, name := range []string{"serial", "mutex", "lockfree"} {
		d, ok := strategy.Describe(name)
		if !ok || d.Name != name || d.Doc == "" || d.UncheckedParams {
			t.Errorf("Describe(%s) = %+v, %v", name, d, ok)
		}
		for _, p := range d.Params {
			if p.Doc == "" {
				t.Errorf("%s: parameter %s has no doc", name, p.Name)
			}
			if p.Default != "" {
				if _, err := strategy.New(name, strategy.Config{Params: map[string]string{p.Name: p.Default}}); err != nil {
					t.Errorf("%s: the default %s=%s is refused: %v", name, p.Name, p.Default, err)
				}
			}
		}
	}
	if d, _ := strategy.Describe("serial"); !d.Serial {
		t.Error("serial is not described as Serial")
	}
	if d, _ := strategy.Describe("lockfree"); strings.Join(d.ParamNames(), ",") != "minwork,spin" {
		t.Errorf("lockfree declares %v, want minwork, spin", d.ParamNames())
	}
	names := []string{}
	for _, d := range strategy.Descriptions() {
		names = append(names, d.Name)
	}
	if strings.Join(names, ",") != strings.Join(strategy.Names(), ",") {
		t.Errorf("Descriptions() names %v, Names() %v", names, strategy.Names())
	}
}

// TestLegacyRegisterPassesParamsUnchecked: Register without a description
// leaves the parameters to the factory, as before descriptions existed.
func TestLegacyRegisterPassesParamsUnchecked(t *testing.T) {
	var got map[string]string
	strategy.Register("params-test-legacy", func(cfg strategy.Config) (strategy.Strategy, error) {
		got = cfg.Params
		if err := cfg.CheckParams("params-test-legacy", "k"); err != nil {
			return nil, err
		}
		return nopStrategy{}, nil
	})
	if _, err := strategy.New("params-test-legacy", strategy.Config{Params: map[string]string{"k": "anything"}}); err != nil || got["k"] != "anything" {
		t.Errorf("legacy factory got %v, err %v", got, err)
	}
	_, err := strategy.New("params-test-legacy", strategy.Config{Params: map[string]string{"j": "1"}})
	if !errors.Is(err, strategy.ErrUnknownParam) || !strings.Contains(err.Error(), `no parameter "j" (it takes: k)`) {
		t.Errorf("legacy factory's CheckParams: %v", err)
	}
	d, _ := strategy.Describe("params-test-legacy")
	if !d.UncheckedParams || !d.Takes("anything") {
		t.Errorf("legacy description %+v", d)
	}
}

// TestParamAllowedText: Allowed is what errors and prk info print.
func TestParamAllowedText(t *testing.T) {
	for _, c := range []struct {
		p    strategy.Param
		want string
	}{
		{strategy.Param{Type: strategy.ParamInt}, "an integer"},
		{strategy.Param{Type: strategy.ParamInt, Min: strategy.Bound(0)}, "an integer >= 0"},
		{strategy.Param{Type: strategy.ParamInt, Max: strategy.Bound(9)}, "an integer <= 9"},
		{strategy.Param{Type: strategy.ParamDuration, Values: []string{"auto"}, Min: strategy.Bound(0)}, "auto or a duration >= 0s (such as 50us or 2s)"},
		{strategy.Param{Type: strategy.ParamBool}, "true or false"},
		{strategy.Param{Type: strategy.ParamEnum, Values: []string{"a", "b"}}, "one of a, b"},
		{strategy.Param{Type: strategy.ParamString}, "any text"},
	} {
		if got := c.p.Allowed(); got != c.want {
			t.Errorf("%+v: Allowed() = %q, want %q", c.p, got, c.want)
		}
	}
}
