package web

import (
	"bytes"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// MaxBody is the largest request body the app reads, in bytes; a larger
// one is refused (413) before it is parsed.
const MaxBody = 1 << 20

// Config is what a Server serves.
type Config struct {
	// Shipped is the directory of the scenarios that come with flowsim
	// (scenarios/): listed and opened, never written.
	Shipped string
	// Mine is the directory of the planner's own scenarios, where
	// interventions are saved; it is created on the first save.
	Mine string
	// Results is the directory of runs, for Runs; the app itself only
	// names it.
	Results string
	// Runs, if set, serves /runs/ and /results/ (the run and compare
	// queue and the results pages). Its state-changing requests should
	// pass Server.CheckWrite. Nil serves a page saying runs are not
	// available in this build.
	Runs http.Handler
	// Ensembles, if set, lists the plausible baselines (finished history
	// matches) the run form offers to compare across; Runs resolves the
	// form's ensemble value itself. The library's own ensemble files are
	// offered too, by their ids (see ResolveEnsemble).
	Ensembles func() []Ensemble
	// Public marks a server bound to an address other than loopback.
	// A loopback server refuses requests whose Host is not a loopback
	// name, so that a web page cannot reach it through a DNS name
	// rebound to 127.0.0.1.
	Public bool
}

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Server is the web app: an http.Handler.
type Server struct {
	cfg   Config
	mux   *http.ServeMux
	pages map[string]*template.Template
	token string
	// schema is the scenario JSON Schema, decoded, for the forms.
	schema *schemaDoc
	// saveMu serialises saves, so that two saves of one name cannot both
	// find it free.
	saveMu sync.Mutex
}

// New returns a Server for cfg. It fails if a directory is not usable or
// the embedded templates do not parse (a bug).
func New(cfg Config) (*Server, error) {
	if cfg.Shipped == "" || cfg.Mine == "" {
		return nil, errors.New("web: the shipped and the user's scenario directories are both needed")
	}
	if st, err := os.Stat(cfg.Shipped); err != nil {
		return nil, fmt.Errorf("shipped scenarios: %w", err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("shipped scenarios: %s is not a directory", cfg.Shipped)
	}
	if st, err := os.Stat(cfg.Mine); err == nil && !st.IsDir() {
		return nil, fmt.Errorf("--scenarios: %s is not a directory", cfg.Mine)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("web: csrf token: %w", err)
	}
	sd, err := loadSchema()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), token: hex.EncodeToString(b), schema: sd}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

func (s *Server) parseTemplates() error {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return err
	}
	s.pages = map[string]*template.Template{}
	for _, n := range names {
		base := filepath.Base(n)
		if base == "layout.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return fmt.Errorf("web: template %s: %w", base, err)
		}
		s.pages[strings.TrimSuffix(base, ".html")] = t
	}
	return nil
}

func (s *Server) routes() {
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /{$}", s.library)
	s.mux.HandleFunc("GET /scenario/{kind}/{rel...}", s.scenarioPage)
	s.mux.HandleFunc("POST /scenario/{kind}/{rel...}", s.editPage)
	s.mux.HandleFunc("POST /validate", s.validateJSON)
	s.mux.HandleFunc("GET /sweep/{$}", s.sweepPage)
	runs := s.cfg.Runs
	if runs == nil {
		runs = http.HandlerFunc(s.noRuns)
	}
	s.mux.Handle("/runs/", runs)
	s.mux.Handle("/results/", runs)
}

// ServeHTTP serves the app: every response gets the security headers,
// every request body is bounded, and a path with traversal in it is
// refused before any handler sees it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if !s.cfg.Public && !loopbackHost(r.Host) {
		http.Error(w, "flowsim serve answers only to localhost, 127.0.0.1 or [::1] (start it with --addr to serve other names)", http.StatusMisdirectedRequest)
		return
	}
	if bad := suspiciousPath(r); bad != "" {
		http.Error(w, "refused: "+bad, http.StatusBadRequest)
		return
	}
	if r.ContentLength > MaxBody {
		http.Error(w, fmt.Sprintf("request body too large (the limit is %d bytes)", MaxBody), http.StatusRequestEntityTooLarge)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	s.mux.ServeHTTP(w, r)
}

// loopbackHost reports whether host (a Host header, with or without a
// port) names the loopback interface.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// page is what every template gets.
type page struct {
	Title string
	Nav   string // the current section: "library", "runs"
	CSRF  string
	Data  any
	Body  template.HTML // Page's body
}

// render writes the named page with data.
func (s *Server) render(w http.ResponseWriter, status int, name, title string, data any) {
	s.write(w, status, name, page{Title: title, Nav: name, CSRF: s.token, Data: data})
}

// Page writes a page in the app's layout (header, navigation, the
// stylesheet at /static/app.css) with body, which the caller has built
// safely (html/template), for handlers mounted through Config.Runs.
func (s *Server) Page(w http.ResponseWriter, status int, title string, body template.HTML) {
	s.write(w, status, "page", page{Title: title, Nav: "runs", CSRF: s.token, Body: body})
}

// write renders template name with p, or answers 500 if the template
// fails (a bug): the page is rendered to a buffer first, so nothing
// half-written goes out.
func (s *Server) write(w http.ResponseWriter, status int, name string, p page) {
	var b bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&b, "layout.html", p); err != nil {
		http.Error(w, "internal error rendering "+name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// noRuns answers /runs/ and /results/ when no run handler is configured.
func (s *Server) noRuns(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		if err := s.CheckWrite(r); err != nil {
			http.Error(w, err.Error(), http.StatusForbidden)
			return
		}
	}
	s.Page(w, http.StatusNotImplemented, "Runs",
		template.HTML(`<h1>Runs</h1><p>Running and comparing scenarios from the app is not available in this build. Use <code>flowsim run</code> or <code>flowsim compare</code> in a terminal.</p>`))
}

// writeJSON writes v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

var funcs = template.FuncMap{
	"inList": func(v string, list []string) bool { return slices.Contains(list, v) },
	"gradeChoices": func() []string {
		return []string{"S", "P", "D", "E", "S/D", "S/E", "P/D", "P/E", "D/E"}
	},
}
