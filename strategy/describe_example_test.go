package strategy_test

import (
	"errors"
	"fmt"

	"github.com/prkbench/prk/strategy"
)

// ExampleDescribe lists a strategy's parameters, as prk info does.
func ExampleDescribe() {
	d, _ := strategy.Describe("lockfree")
	for _, p := range d.Params {
		fmt.Printf("%s=%s: %s\n", p.Name, p.Default, p.Allowed())
	}
	// Output:
	// minwork=16384: an integer >= 0
	// spin=auto: auto or a duration >= 0s (such as 50us or 2s)
}

// ExampleNew_badParam: a value the description does not allow is refused
// before the strategy's factory runs, naming the parameter and its range.
func ExampleNew_badParam() {
	_, err := strategy.New("lockfree", strategy.Config{Params: map[string]string{"minwork": "-1"}})
	fmt.Println(err)
	fmt.Println(errors.Is(err, strategy.ErrBadParam))
	// Output:
	// strategy lockfree: parameter minwork="-1" is below the minimum 0; minwork takes an integer >= 0
	// true
}
