package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"praxis"
)

// page is what every template receives.
type page struct {
	Title    string
	User     *praxis.User
	CSRF     string
	Instance string
	Flash    string
	Path     string
	Form     *form
	Data     any
	// Nav names the section of the site for the navigation's aria-current.
	Nav string
	// Unread is the signed-in user's count of unread notifications, at
	// most praxis.MaxUnread; UnreadMore says that there are more than that.
	Unread     int
	UnreadMore bool
}

// form carries a submitted form back to its page: the user's values and a
// message beside each field that was wrong.
type form struct {
	Values  url.Values
	Errors  map[string]string
	Message string
}

func newForm(r *http.Request, err error) *form {
	f := &form{Values: r.PostForm, Errors: praxis.ErrorFields(err)}
	if err != nil {
		f.Message = praxis.ErrorMessage(err)
	}
	return f
}

// Get returns the submitted value of a field.
func (f *form) Get(name string) string {
	if f == nil || f.Values == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Error returns the message for a field, if any.
func (f *form) Error(name string) string {
	if f == nil {
		return ""
	}
	return f.Errors[name]
}

// Or returns the submitted value of a field, or def when the form was not submitted.
func (f *form) Or(name, def string) string {
	if f == nil || f.Values == nil {
		return def
	}
	return f.Values.Get(name)
}

func (s *Server) parseTemplates() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"static":      s.static.url,
		"markdown":    func(src string) template.HTML { return template.HTML(s.md.HTML(src)) },
		"date":        func(t time.Time) string { return t.Format("2 Jan 2006") },
		"datetime":    func(t time.Time) string { return t.Format("2 Jan 2006, 15:04 MST") },
		"isoTime":     isoTime,
		"ago":         func(t time.Time) string { return ago(s.now(), t) },
		"typeLabel":   func(v string) string { return praxis.ChoiceLabel(praxis.CommunityTypes, v) },
		"visLabel":    func(v string) string { return praxis.ChoiceLabel(praxis.Visibilities, v) },
		"joinLabel":   func(v string) string { return praxis.ChoiceLabel(praxis.JoinPolicies, v) },
		"stageLabel":  func(v string) string { return praxis.ChoiceLabel(praxis.Stages, v) },
		"statusLabel": func(v string) string { return praxis.ChoiceLabel(praxis.GoalStatuses, v) },
		"roleLabel":   func(v string) string { return praxis.ChoiceLabel(praxis.MemberRoles, v) },
		"choices": func(name string) []praxis.Choice {
			return map[string][]praxis.Choice{
				"type": praxis.CommunityTypes, "visibility": praxis.Visibilities, "join_policy": praxis.JoinPolicies,
				"stage": praxis.Stages, "status": praxis.GoalStatuses, "kind": praxis.GoalKinds, "role": praxis.MemberRoles,
				"signup_policy": praxis.SignupPolicies, "thread_kind": praxis.ThreadKinds,
			}[name]
		},
		"stageIndex": func(v string) int {
			for i, c := range praxis.Stages {
				if c.Value == v {
					return i + 1
				}
			}
			return 0
		},
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return "1 " + one
			}
			return fmt.Sprintf("%d %s", n, many)
		},
		"join":      strings.Join,
		"activity":  activitySentence,
		"chart":     activityChart,
		"levels":    levelCounts,
		"dict":      dict,
		"kindLabel": func(v string) string { return praxis.ChoiceLabel(praxis.ThreadKinds, v) },
		"trusted":   func(s string) template.HTML { return template.HTML(s) }, // stored HTML, sanitized when written
		"if2": func(cond bool, a, b string) string {
			if cond {
				return a
			}
			return b
		},
		"browserName":   browserName,
		"auditLabel":    auditLabel,
		"slots":         slots,
		"communityForm": communityForm,
		"goalForm":      goalForm,
		"profileForm":   profileForm,
		"settingsForm":  settingsForm,
		"timeZones":     func() []string { return commonTimeZones },
		"postView":      s.postView,
	}
	layout, err := fs.ReadFile(assets, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	base, err := template.New("layout").Funcs(funcs).Parse(string(layout))
	if err != nil {
		return nil, fmt.Errorf("templates/layout.html: %w", err)
	}
	// partials*.html hold the blocks that pages share, one file per feature.
	partials, err := fs.Glob(assets, "templates/partials*.html")
	if err != nil {
		return nil, err
	}
	for _, p := range partials {
		b, err := fs.ReadFile(assets, p)
		if err != nil {
			return nil, err
		}
		if _, err := base.New(path.Base(p)).Parse(string(b)); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" || strings.HasPrefix(name, "partials") {
			continue
		}
		b, _ := fs.ReadFile(assets, f)
		t, err := template.Must(base.Clone()).Parse(string(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render writes a page with the layout. Rendering goes to a buffer first so
// a template error becomes a clean 500, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	t, ok := s.pages[name]
	if !ok {
		panic("web: no template " + name)
	}
	p.User = actor(r)
	p.Path = r.URL.Path
	if p.User != nil {
		// A page without the count is better than no page.
		n, err := s.store.UnreadCount(r.Context(), p.User)
		if err != nil {
			s.log.Error("unread count", "request_id", state(r).id, "err", err)
		}
		p.Unread, p.UnreadMore = min(n, praxis.MaxUnread), n > praxis.MaxUnread
	}
	if p.Flash == "" {
		p.Flash = s.takeFlash(w, r)
	}
	// Every page is rendered with the marker in place of the visitor's
	// CSRF token, which goes in once the page is whole: a page kept for
	// anonymous visitors (pagecache.go) and the posts kept for everyone
	// (postview.go) hold the marker.
	keep := state(r).keep
	if keep != nil && (status != http.StatusOK || p.User != nil || p.Flash != "") {
		keep = nil
	}
	p.CSRF = s.marker
	if p.Instance == "" {
		if st, err := s.store.Settings(r.Context()); err == nil {
			p.Instance = st.Name
		} else {
			p.Instance = "Praxis"
		}
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("render", "template", name, "request_id", state(r).id, "err", err)
		http.Error(w, "The page could not be rendered. The error has been logged.", http.StatusInternalServerError)
		return
	}
	body := buf.Bytes()
	if keep != nil {
		body = s.keepRendered(w, r, keep, body)
	} else {
		body = s.withToken(w, r, body)
	}
	writePage(w, status, body)
}

// isoTime writes a time for a datetime attribute.
func isoTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute") + " ago"
	case d < 24*time.Hour:
		return plural(int(d/time.Hour), "hour") + " ago"
	case d < 30*24*time.Hour:
		return plural(int(d/(24*time.Hour)), "day") + " ago"
	case d < 365*24*time.Hour:
		return plural(int(d/(30*24*time.Hour)), "month") + " ago"
	default:
		return plural(int(d/(365*24*time.Hour)), "year") + " ago"
	}
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

func urlEscape(s string) string   { return url.QueryEscape(s) }
func urlUnescape(s string) string { v, _ := url.QueryUnescape(s); return v }

// staticFiles serves embedded assets under content-hashed URLs, so they can
// be cached for a year and still change with every release.
type staticFiles struct {
	hashes map[string]string // name -> short hash
}

func loadStatic() (*staticFiles, error) {
	sf := &staticFiles{hashes: map[string]string{}}
	err := fs.WalkDir(assets, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(assets, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		sf.hashes[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:6])
		return nil
	})
	return sf, err
}

// url returns the hashed URL of a static file: /static/{hash}/{name}.
func (sf *staticFiles) url(name string) string {
	h, ok := sf.hashes[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return "/static/" + h + "/" + name
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	h, ok := s.static.hashes[name]
	if !ok {
		s.notFound(w, r)
		return
	}
	b, _ := fs.ReadFile(assets, "static/"+name)
	if r.PathValue("hash") == h {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("ETag", `"`+h+`"`)
	if r.Header.Get("If-None-Match") == `"`+h+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Write(b)
}
