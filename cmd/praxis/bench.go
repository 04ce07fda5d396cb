package main

import (
	"context"
	"errors"
	"io"
)

// runBench is being built (TODO).
func runBench(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return errors.New("not implemented yet")
}
