package runs

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"strings"
)

//go:embed assets/*.html
var pageFiles embed.FS

// pages are the HTML pages, each the layout around its content.
var pages = func() map[string]*template.Template {
	base := template.Must(template.New("layout.html").Funcs(template.FuncMap{"join": strings.Join}).
		ParseFS(pageFiles, "assets/layout.html"))
	out := map[string]*template.Template{}
	for _, name := range []string{"queue", "status", "list", "results", "error"} {
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(pageFiles, "assets/"+name+".html"))
	}
	return out
}()

// layout is what the layout around every page needs.
type layout struct {
	Title, Stylesheet string
	// Refresh, when positive, reloads the page after that many seconds
	// when JavaScript is off, and loads the progress script when it is on.
	Refresh int
	Data    any
}

// render writes page with data, titled title, with status code.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, page, title string, data any) {
	s.renderRefresh(w, r, code, page, title, 0, data)
}

// renderRefresh is render with a refresh (see layout.Refresh).
func (s *Server) renderRefresh(w http.ResponseWriter, r *http.Request, code int, page, title string, refresh int, data any) {
	var buf bytes.Buffer
	if err := pages[page].ExecuteTemplate(&buf, "layout", layout{Title: title, Stylesheet: s.cfg.Stylesheet, Refresh: refresh, Data: data}); err != nil {
		http.Error(w, "page "+page+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("X-Content-Type-Options", "nosniff")
	if refresh > 0 {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// errorPage answers code with message.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, code int, message string) {
	s.render(w, r, code, "error", http.StatusText(code), struct{ Heading, Message string }{http.StatusText(code), message})
}

// notFound answers 404.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "There is no such page, run or file.")
}
