package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"praxis"
)

// Cookie names.
const (
	sessionCookie = "praxis_session"
	csrfCookie    = "praxis_csrf"
	flashCookie   = "praxis_flash"
)

// Request body limits: forms and JSON are small; the routes that accept
// files have their own limits (bodyLimit in attachments.go).
const maxBodyBytes = 1 << 20

type ctxKey struct{}

// reqState is what the middleware learns about a request.
type reqState struct {
	id       string
	user     *praxis.User
	session  *praxis.Session
	token    string // session token, for logout
	viaToken bool   // authenticated by a bearer token
	csrf     string
	status   int
	ip       string    // the client's address (see Server.peerIP)
	keep     *pageSlot // the page rendered is to be kept (pagecache.go)
}

func state(r *http.Request) *reqState {
	if st, ok := r.Context().Value(ctxKey{}).(*reqState); ok {
		return st
	}
	return &reqState{}
}

// actor returns the signed-in user of the request, nil when anonymous.
func actor(r *http.Request) *praxis.User { return state(r).user }

type statusWriter struct {
	http.ResponseWriter
	status int
	// secure marks every cookie of the response Secure: the request came
	// over TLS, so no cookie it sets may ever travel in clear.
	secure bool
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
		if w.secure {
			secureCookies(w.Header())
		}
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// secureCookies adds the Secure attribute to the cookies in h that lack it.
func secureCookies(h http.Header) {
	for i, c := range h["Set-Cookie"] {
		if !strings.Contains(strings.ToLower(c), "; secure") {
			h["Set-Cookie"][i] = c + "; Secure"
		}
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func isSafeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// middleware wraps the router: request id and log line, panic recovery,
// security headers, body limits, cross-origin protection, authentication,
// CSRF tokens on forms and the first-run redirect to /setup.
func (s *Server) middleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, praxis.Errorf(praxis.EFORBIDDEN, "This request came from another site and was refused."))
	}))
	inner := cop.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.authenticate(w, r) {
			return
		}
		// Nothing has read the body yet; its limit depends on the route
		// and on who sends it (only signed-in users send files).
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.bodyLimit(r))
		}
		if !s.checkCSRF(w, r) || !s.checkSetup(w, r) {
			return
		}
		next.ServeHTTP(w, r)
	}))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		st := &reqState{id: requestID(r), ip: s.peerIP(r)}
		ctx := context.WithValue(r.Context(), ctxKey{}, st)
		r = r.WithContext(praxis.NewContextWithClientIP(ctx, st.ip))
		overTLS := s.overTLS(r)
		sw := &statusWriter{ResponseWriter: w, secure: overTLS}
		h := sw.Header()
		h.Set("X-Request-Id", st.id)
		setSecurityHeaders(h)
		if overTLS {
			// Only over TLS: a browser ignores HSTS sent in clear, and a
			// proxy may serve plain HTTP on purpose.
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "request_id", st.id, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.status == 0 {
					s.fail(sw, r, fmt.Errorf("panic: %v", v))
				}
			}
			level := slog.LevelInfo
			if sw.status >= 500 {
				level = slog.LevelError
			}
			var uid int64
			if st.user != nil {
				uid = st.user.ID
			}
			s.log.Log(r.Context(), level, "request", "request_id", st.id, "method", r.Method, "path", r.URL.Path,
				"status", sw.status, "duration_ms", float64(time.Since(start).Microseconds())/1000, "user_id", uid)
		}()
		defer removeFormFiles(r)
		inner.ServeHTTP(sw, r)
	})
}

// setSecurityHeaders sets the headers every response carries: a strict
// Content-Security-Policy (scripts and styles only from files of this
// site, never inline; no framing, no <base>, forms post only here), no
// MIME sniffing, no referrer to other sites, no powerful browser features,
// and a browsing context of its own.
func setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); id != "" && len(id) <= 64 && !strings.ContainsAny(id, " \t\r\n") {
		return id
	}
	return randomHex(8)
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// clientIP is the address of the person making the request: what rate
// limits count and the audit log shows.
func clientIP(r *http.Request) string {
	if ip := state(r).ip; ip != "" {
		return ip
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// peerIP is the connection's peer, or, when the server trusts its reverse
// proxy, the last address the proxy added to X-Forwarded-For. Without
// TrustProxy the header is ignored: anyone can send it.
func (s *Server) peerIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if s.trustProxy {
		if ip := net.ParseIP(lastForwarded(r.Header, "X-Forwarded-For")); ip != nil {
			return ip.String()
		}
	}
	return host
}

// overTLS reports whether the browser reached us over TLS: directly, or
// through a trusted proxy that says so in X-Forwarded-Proto.
func (s *Server) overTLS(r *http.Request) bool {
	return r.TLS != nil || (s.trustProxy && strings.EqualFold(lastForwarded(r.Header, "X-Forwarded-Proto"), "https"))
}

// lastForwarded returns the last value of a comma-separated forwarding
// header: the one the nearest proxy wrote.
func lastForwarded(h http.Header, name string) string {
	vs := h.Values(name)
	if len(vs) == 0 {
		return ""
	}
	v := vs[len(vs)-1]
	if i := strings.LastIndexByte(v, ','); i >= 0 {
		v = v[i+1:]
	}
	return strings.TrimSpace(v)
}

// authenticate reads a bearer token or the session cookie.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) bool {
	st := state(r)
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Use an Authorization header of the form 'Bearer <token>'."))
			return false
		}
		u, err := s.store.UserByAPIToken(r.Context(), strings.TrimSpace(token))
		if err != nil {
			s.fail(w, r, err)
			return false
		}
		st.user, st.viaToken = u, true
		return true
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return true
	}
	u, sess, err := s.store.UserBySession(r.Context(), c.Value)
	switch praxis.ErrorCode(err) {
	case "":
		st.user, st.session, st.token = u, sess, c.Value
	case praxis.EUNAUTHORIZED:
		s.clearCookie(w, sessionCookie) // expired or revoked: carry on anonymous
	default:
		s.fail(w, r, err)
		return false
	}
	return true
}

// checkCSRF requires, on every state-changing request authenticated by a
// cookie, a token equal to the CSRF cookie: in the form field csrf_token
// or, for the API, the X-CSRF-Token header. CrossOriginProtection already
// refuses cross-site browser requests; the token also covers browsers that
// send neither Sec-Fetch-Site nor Origin. Bearer-token requests need none.
func (s *Server) checkCSRF(w http.ResponseWriter, r *http.Request) bool {
	st := state(r)
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) == 32 {
		st.csrf = c.Value
	}
	if isSafeMethod(r.Method) || st.viaToken {
		return true
	}
	if isAPI(r) && st.user == nil {
		return true // nothing to forge: the API's unsafe calls all need an identity
	}
	var sent string
	if isAPI(r) {
		sent = r.Header.Get("X-CSRF-Token")
	} else {
		if err := parseForm(r); err != nil {
			s.fail(w, r, err)
			return false
		}
		sent = r.PostFormValue("csrf_token")
	}
	if st.csrf == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(st.csrf)) != 1 {
		msg := "This form's security token is missing or out of date. Go back, reload the page and send it again; your text is still in the form."
		if isAPI(r) {
			msg = "Send the X-CSRF-Token header with the value of the praxis_csrf cookie, or use a bearer token."
		}
		s.fail(w, r, praxis.Errorf(praxis.EFORBIDDEN, "%s", msg))
		return false
	}
	return true
}

// ensureCSRF returns the request's CSRF token, setting the cookie if needed.
func (s *Server) ensureCSRF(w http.ResponseWriter, r *http.Request) string {
	st := state(r)
	if st.csrf == "" {
		st.csrf = randomHex(16)
		http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: st.csrf, Path: "/", HttpOnly: true,
			Secure: s.secure || s.overTLS(r), SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
	}
	return st.csrf
}

// checkSetup sends every page to /setup until an administrator exists.
func (s *Server) checkSetup(w http.ResponseWriter, r *http.Request) bool {
	p := r.URL.Path
	if p == "/setup" || p == "/healthz" || p == "/readyz" || strings.HasPrefix(p, "/static/") || isAPI(r) {
		return true
	}
	done, err := s.setupDone(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return false
	}
	if !done {
		http.Redirect(w, r, "/setup", http.StatusSeeOther)
		return false
	}
	return true
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.secure || s.overTLS(r), SameSite: http.SameSiteLaxMode, MaxAge: int(praxis.SessionLifetime / time.Second)})
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", HttpOnly: true, MaxAge: -1, Secure: s.secure, SameSite: http.SameSiteLaxMode})
}

// setFlash leaves a one-time message for the next page (post/redirect/get).
func (s *Server) setFlash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: urlEscape(msg), Path: "/", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	s.clearCookie(w, flashCookie)
	return urlUnescape(c.Value)
}
