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
	for _, name := range []string{"queue", "status", "list", "results", "ensemble", "error"} {
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(pageFiles, "assets/"+name+".html"))
	}
	return out
}()

// layout is what the package's own layout around a page needs, when
// Config.Page does not put it in the app's.
type layout struct {
	Title, Stylesheet string
	Body              template.HTML
}

// render writes page with data, titled title, with status code: in the
// app's layout (Config.Page) or, without one, in the package's own.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, page, title string, data any) {
	var body bytes.Buffer
	if err := pages[page].ExecuteTemplate(&body, "content", data); err != nil {
		http.Error(w, "page "+page+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	// Built by html/template from the page's data: safe to embed.
	content := template.HTML(body.String())
	if s.cfg.Page != nil {
		s.cfg.Page(w, code, title, content)
		return
	}
	var buf bytes.Buffer
	if err := pages[page].ExecuteTemplate(&buf, "layout", layout{Title: title, Stylesheet: s.cfg.Stylesheet, Body: content}); err != nil {
		http.Error(w, "page "+page+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
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
