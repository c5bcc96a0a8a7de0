package main

import (
	"context"
	"os"

	"github.com/gatehouse-go/gatehouse/bench"
)

func stmts(ctx context.Context, args []string) error {
	return bench.PrintStatementCounts(ctx, os.Stdout)
}
