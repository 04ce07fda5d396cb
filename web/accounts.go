package web

import (
	"net/http"
	"strings"

	"praxis"
)

// localPath returns p if it is a path on this site, else "/": a "next"
// parameter must never send someone to another site.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}

func (s *Server) setupPage(w http.ResponseWriter, r *http.Request) {
	if done, err := s.setupDone(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	} else if done {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "setup", &page{Title: "Set up Praxis", Instance: "Praxis"})
}

func (s *Server) setupSubmit(w http.ResponseWriter, r *http.Request) {
	signup := praxis.Signup{
		Handle: r.PostFormValue("handle"), Email: r.PostFormValue("email"),
		DisplayName: r.PostFormValue("display_name"), Password: r.PostFormValue("password"), IP: clientIP(r),
	}
	u, err := s.store.Setup(r.Context(), r.PostFormValue("instance_name"), signup)
	if err != nil {
		if praxis.ErrorCode(err) == praxis.ECONFLICT && praxis.ErrorFields(err) == nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, statusOf(praxis.ErrorCode(err)), "setup", &page{Title: "Set up Praxis", Instance: "Praxis", Form: newForm(r, err)})
		return
	}
	s.setUp.Store(true)
	if !s.startSession(w, r, u) {
		return
	}
	s.setFlash(w, "Welcome, "+u.Name()+". Praxis is ready: create the first community.")
	http.Redirect(w, r, "/c/new", http.StatusSeeOther)
}

// startSession signs u in on this browser.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *praxis.User) bool {
	token, err := s.store.CreateSession(r.Context(), u.ID, r.UserAgent(), clientIP(r))
	if err != nil {
		s.fail(w, r, err)
		return false
	}
	s.setSessionCookie(w, r, token)
	return true
}

type loginData struct{ Next string }

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	if actor(r) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", &page{Title: "Sign in", Data: loginData{Next: next}, Nav: "login"})
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.PostFormValue("next"))
	u, err := s.store.Authenticate(r.Context(), praxis.Login{
		Account: r.PostFormValue("account"), Password: r.PostFormValue("password"), IP: clientIP(r),
	})
	if err != nil {
		if code := praxis.ErrorCode(err); code == praxis.EINTERNAL {
			s.fail(w, r, err)
			return
		}
		f := newForm(r, err)
		f.Values.Del("password")
		s.render(w, r, statusOf(praxis.ErrorCode(err)), "login", &page{Title: "Sign in", Form: f, Data: loginData{Next: next}, Nav: "login"})
		return
	}
	if !s.startSession(w, r, u) {
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if tok := state(r).token; tok != "" {
		if err := s.store.DeleteSessionToken(r.Context(), tok); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.clearCookie(w, sessionCookie)
	s.setFlash(w, "You are signed out.")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

type signupData struct {
	Invite   string
	Settings *praxis.Settings
}

func (s *Server) signupPage(w http.ResponseWriter, r *http.Request) {
	if actor(r) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	settings, err := s.store.Settings(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "signup", &page{Title: "Create your account", Nav: "signup",
		Data: signupData{Invite: r.URL.Query().Get("invite"), Settings: settings}})
}

func (s *Server) signupSubmit(w http.ResponseWriter, r *http.Request) {
	signup := praxis.Signup{
		Handle: r.PostFormValue("handle"), Email: r.PostFormValue("email"), DisplayName: r.PostFormValue("display_name"),
		Password: r.PostFormValue("password"), Invitation: r.PostFormValue("invite"), IP: clientIP(r),
	}
	u, err := s.store.SignUp(r.Context(), signup)
	if err != nil {
		if praxis.ErrorCode(err) == praxis.EINTERNAL {
			s.fail(w, r, err)
			return
		}
		settings, _ := s.store.Settings(r.Context())
		f := newForm(r, err)
		f.Values.Del("password")
		s.render(w, r, statusOf(praxis.ErrorCode(err)), "signup", &page{Title: "Create your account", Nav: "signup", Form: f,
			Data: signupData{Invite: signup.Invitation, Settings: settings}})
		return
	}
	if !s.startSession(w, r, u) {
		return
	}
	s.setFlash(w, "Welcome to Praxis, "+u.Name()+". Find a community to join, and tell people what you know in your profile.")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
