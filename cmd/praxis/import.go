package main

import (
	"context"
	"errors"
	"io"
)

// runImport is being built (TODO).
func runImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return errors.New("not implemented yet")
}
