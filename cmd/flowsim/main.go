// Command flowsim simulates patient flow through urgent and emergency care.
//
// Run "flowsim help" for the commands.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	finished := make(chan struct{})
	go func() {
		// The first signal asks batches to stop once the replications under
		// way are checkpointed; restoring the default handling lets a
		// second one end the process at once (checkpoints are written
		// atomically, so that is safe too).
		select {
		case <-ctx.Done():
			stop()
			fmt.Fprintln(os.Stderr, "\nflowsim: stopping once the replications under way are saved (interrupt again to quit at once)")
		case <-finished:
		}
	}()
	code := runCLI(ctx, os.Args[1:], os.Stdout, os.Stderr)
	close(finished)
	stop()
	os.Exit(code)
}
