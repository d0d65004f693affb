package strategy

import (
	"fmt"
	"runtime/debug"
)

// PanicError is a panic recovered in a strategy (in the caller's goroutine
// by the guard New wraps around every strategy, or in a worker goroutine
// by Recover), returned as an error instead of killing the process.
type PanicError struct {
	// Value is what was passed to panic.
	Value any
	// Stack is the stack of the goroutine that panicked.
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("strategy: panic: %v\n\ngoroutine stack:\n%s", e.Value, e.Stack)
}

// Unwrap returns the panic's value when it is an error (a runtime error
// such as an index out of range), so errors.As can find it.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

func newPanicError(v any) *PanicError {
	if pe, ok := v.(*PanicError); ok {
		return pe // re-panicked: keep the stack where it began
	}
	return &PanicError{Value: v, Stack: debug.Stack()}
}

// Recover turns a panic of the calling goroutine into a *PanicError in
// *err. A strategy defers it first thing in every goroutine it starts and
// hands *err back to Iterate or Prepare, because a panic that leaves a
// goroutine kills the whole process, caller and all:
//
//	go func() {
//		defer wg.Done()
//		defer strategy.Recover(&errs[i])
//		...
//	}()
//
// It must be deferred directly (recover works only there).
func Recover(err *error) {
	if r := recover(); r != nil {
		*err = newPanicError(r)
	}
}

// catchInto is Recover for the guard: the panic becomes *err and, when
// then is not nil, is passed through it.
func catchInto(err *error, then func(error) error) {
	if r := recover(); r != nil {
		*err = newPanicError(r)
		if then != nil {
			*err = then(*err)
		}
	}
}
