package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/spf13/pflag"

	"github.com/flowsim/flowsim/sim/web"
	"github.com/flowsim/flowsim/sim/web/app"
)

// serveOptions are the flags of "flowsim serve".
type serveOptions struct {
	addr      string
	shipped   string
	scenarios string
	results   string
	jobs      int
}

// AddFlags registers the options on fs.
func (o *serveOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "`HOST:PORT` to listen on; anything but a loopback address lets other computers in, and is warned of")
	fs.StringVar(&o.scenarios, "scenarios", "my-scenarios", "`DIR` of your own scenarios, where the app saves interventions (created on the first save)")
	fs.StringVar(&o.results, "results", "results", "`DIR` of runs")
	fs.StringVar(&o.shipped, "shipped", "scenarios", "`DIR` of the scenarios that come with flowsim, listed read-only")
	fs.IntVar(&o.jobs, "jobs", 1, "`N` runs at once (each uses every core); the others queue")
}

// app builds the web app the options describe.
func (o *serveOptions) app(public bool) (*app.App, error) {
	return app.New(app.Config{
		Web:  web.Config{Shipped: o.shipped, Mine: o.scenarios, Results: o.results, Public: public},
		Jobs: o.jobs, Version: versionString(),
	})
}

func (o *serveOptions) validate(fs *pflag.FlagSet) error {
	if fs.NArg() > 0 {
		return usagef("serve takes no arguments, got %q", fs.Arg(0))
	}
	if _, _, err := net.SplitHostPort(o.addr); err != nil {
		return usagef("--addr %q: want HOST:PORT, such as 127.0.0.1:8080", o.addr)
	}
	if o.jobs < 1 || o.jobs > 64 {
		return usagef("--jobs %d: want 1 to 64 runs at once", o.jobs)
	}
	return nil
}

// serveCommand runs the planner's web app until interrupted.
func serveCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var o serveOptions
	fs := newFlags("serve", stderr, "serve [--addr 127.0.0.1:8080] [--scenarios DIR] [--results DIR]")
	o.AddFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := o.validate(fs); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return &inputError{fmt.Errorf("--addr: %w", err)}
	}
	defer ln.Close()
	public := !isLoopback(ln.Addr())
	srv, err := o.app(public)
	if err != nil {
		return &inputError{err}
	}
	defer srv.Close()
	if public {
		fmt.Fprintf(stderr, "flowsim serve: warning: listening on %s, which other computers can reach; the app has no login, so anyone who can reach it can read and save scenarios\n", ln.Addr())
	}
	fmt.Fprintf(stdout, "flowsim serve: open http://%s/ in a browser (interrupt to stop)\n", displayAddr(ln.Addr()))
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, IdleTimeout: 2 * time.Minute}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		// Stop the runs first: their pages' event streams end with a
		// "cancelled" event, so that Shutdown need not wait them out.
		// Finished replications stay checkpointed for "finish the run".
		srv.Close()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}

// isLoopback reports whether a listener's address is on the loopback
// interface only.
func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// displayAddr is the address to open in a browser: a wildcard listener
// is reached through localhost.
func displayAddr(a net.Addr) string {
	ta, ok := a.(*net.TCPAddr)
	if ok && ta.IP.IsUnspecified() {
		return net.JoinHostPort("localhost", fmt.Sprint(ta.Port))
	}
	return a.String()
}
