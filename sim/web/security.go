package web

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// CSRFToken is the token a form that changes state must carry, in a field
// named csrf (or a fetch, in the X-CSRF-Token header). It is random per
// server, and only the app's own pages show it.
func (s *Server) CSRFToken() string { return s.token }

// CheckWrite refuses a state-changing request that did not come from the
// app's own pages: it must be a POST, its Origin (or, failing that, its
// Referer) must be this server's own origin, and it must carry the CSRF
// token in the csrf form field or the X-CSRF-Token header. Reading the
// field parses the form, within MaxBody. Handlers mounted through
// Config.Runs call it before starting or cancelling anything.
func (s *Server) CheckWrite(r *http.Request) error {
	if r.Method != http.MethodPost {
		return fmt.Errorf("%s is not allowed here: changes are made with POST", r.Method)
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		if ref := r.Header.Get("Referer"); ref != "" {
			if u, err := url.Parse(ref); err == nil {
				origin = u.Scheme + "://" + u.Host
			}
		}
	}
	if origin == "" {
		return errors.New("refused: the request names no Origin, so it cannot be told from a request forged by another site")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if !strings.EqualFold(origin, scheme+"://"+r.Host) {
		return fmt.Errorf("refused: the request comes from %s, not from this app (%s://%s)", origin, scheme, r.Host)
	}
	tok := r.Header.Get("X-CSRF-Token")
	if tok == "" {
		tok = r.PostFormValue("csrf")
	}
	if subtle.ConstantTimeCompare([]byte(tok), []byte(s.token)) != 1 {
		return errors.New("refused: the form's security token is missing or out of date (reload the page and try again)")
	}
	return nil
}

// suspiciousPath returns why r's URL path is refused, or "" if it is not:
// a dot-dot or dot segment, a backslash, a NUL or other control character,
// a percent sign left after decoding (a double-encoded name), or an empty
// segment. The mux would clean some of these and redirect; refusing them
// outright keeps every traversal attempt a plain 400.
func suspiciousPath(r *http.Request) string {
	p := r.URL.Path
	if strings.ContainsAny(p, "\\%") {
		return "backslashes and percent signs have no place in flowsim's paths"
	}
	for _, c := range p {
		if c < 0x20 || c == 0x7f {
			return "control characters in the path"
		}
	}
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, seg := range segs {
		switch {
		case seg == "." || seg == "..":
			return "dot segments in the path"
		case seg == "" && i != len(segs)-1:
			return "empty segments in the path"
		}
	}
	return ""
}
