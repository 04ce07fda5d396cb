package main

import (
	"context"
	"errors"
	"io"
)

// runEval is being built (TODO).
func runEval(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return errors.New("not implemented yet")
}
