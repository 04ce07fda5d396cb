package web

import (
	"net/http"
	"strconv"
	"strings"

	"praxis"
)

type settingsData struct {
	Me       *praxis.User
	Sessions []*praxis.Session
	Tokens   []*praxis.APIToken
	NewToken *praxis.APIToken
	// CalendarURL is the secret address of the user's own calendar feed,
	// shown once: when it is made, on the first visit or by a reset.
	CalendarURL   string
	CalendarReset bool // the address was just replaced
	// FormFor names which form Form belongs to: profile, password or token.
	FormFor string
}

func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, status int, d settingsData, f *form) {
	ctx, u := r.Context(), actor(r)
	if u == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to see your settings."))
		return
	}
	var err error
	if d.Me, err = s.store.UserByHandle(ctx, u.Handle); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Sessions, err = s.store.Sessions(ctx, u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if cur := state(r).session; cur != nil {
		for _, se := range d.Sessions {
			se.Current = se.ID == cur.ID
		}
	}
	if d.Tokens, err = s.store.APITokens(ctx, u.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.CalendarURL == "" {
		if d.CalendarURL, err = s.calendarFeedURL(r, u, false); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "settings", &page{Title: "Settings", Data: d, Form: f, Nav: "settings"})
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) {
	s.renderSettings(w, r, http.StatusOK, settingsData{}, nil)
}

// profileUpdate reads the profile form.
func profileUpdate(r *http.Request) praxis.ProfileUpdate {
	get := func(name string) *string {
		if _, ok := r.PostForm[name]; !ok {
			return nil
		}
		v := r.PostFormValue(name)
		return &v
	}
	p := praxis.ProfileUpdate{DisplayName: get("display_name"), Organization: get("organization"), Title: get("title"),
		Location: get("location"), TimeZone: get("time_zone"), Bio: get("bio")}
	if e := get("expertise"); e != nil {
		p.Expertise = praxis.ParseList(*e)
		if p.Expertise == nil {
			p.Expertise = []string{}
		}
	}
	return p
}

func (s *Server) profileSubmit(w http.ResponseWriter, r *http.Request) {
	_, err := s.store.UpdateProfile(r.Context(), actor(r), profileUpdate(r))
	if code := praxis.ErrorCode(err); code == praxis.EINVALID {
		s.renderSettings(w, r, statusOf(code), settingsData{FormFor: "profile"}, newForm(r, err))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "Your profile is saved.")
	http.Redirect(w, r, "/settings", http.StatusSeeOther)
}

func (s *Server) passwordSubmit(w http.ResponseWriter, r *http.Request) {
	var keep int64
	if se := state(r).session; se != nil {
		keep = se.ID
	}
	err := s.store.ChangePassword(r.Context(), actor(r), r.PostFormValue("old_password"), r.PostFormValue("new_password"), keep)
	if code := praxis.ErrorCode(err); code == praxis.EINVALID || (code == praxis.EUNAUTHORIZED && actor(r) != nil) {
		f := newForm(r, err)
		f.Values = nil // never echo passwords
		s.renderSettings(w, r, statusOf(code), settingsData{FormFor: "password"}, f)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "Your password is changed; your other sessions are signed out.")
	http.Redirect(w, r, "/settings", http.StatusSeeOther)
}

func (s *Server) createTokenSubmit(w http.ResponseWriter, r *http.Request) {
	u := actor(r)
	if u == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first."))
		return
	}
	t, err := s.store.CreateAPIToken(r.Context(), u.ID, r.PostFormValue("name"))
	if code := praxis.ErrorCode(err); code == praxis.EINVALID || code == praxis.ECONFLICT {
		s.renderSettings(w, r, statusOf(code), settingsData{FormFor: "token"}, newForm(r, err))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	// The secret is shown on this response only; it is stored hashed.
	s.renderSettings(w, r, http.StatusCreated, settingsData{NewToken: t}, nil)
}

func (s *Server) revokeTokenSubmit(w http.ResponseWriter, r *http.Request) {
	u := actor(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	switch {
	case u == nil:
		err = praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	case err != nil:
		err = praxis.Errorf(praxis.ENOTFOUND, "No such token.")
	default:
		err = s.store.RevokeAPIToken(r.Context(), u.ID, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "The token is revoked.")
	http.Redirect(w, r, "/settings#tokens", http.StatusSeeOther)
}

func (s *Server) revokeSessionSubmit(w http.ResponseWriter, r *http.Request) {
	u := actor(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	switch {
	case u == nil:
		err = praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	case err != nil:
		err = praxis.Errorf(praxis.ENOTFOUND, "No such session.")
	default:
		err = s.store.RevokeSession(r.Context(), u.ID, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if cur := state(r).session; cur != nil && cur.ID == id {
		s.clearCookie(w, sessionCookie)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	s.setFlash(w, "The session is signed out.")
	http.Redirect(w, r, "/settings#sessions", http.StatusSeeOther)
}

type adminData struct {
	Settings    *praxis.Settings
	Users       []*praxis.User
	Invitations []*praxis.Invitation
	Stats       map[string]int
	NewInvite   string // the link of a just-created invitation
	Query       string
	FormFor     string
}

func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, status int, d adminData, f *form) {
	ctx, u := r.Context(), actor(r)
	if u == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in as an administrator."))
		return
	}
	var err error
	if d.Stats, err = s.store.Stats(ctx, u); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Settings, err = s.store.Settings(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	d.Query = r.URL.Query().Get("q")
	if d.Users, err = s.store.Users(ctx, u, praxis.UserFilter{Query: d.Query}); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Invitations, err = s.store.Invitations(ctx, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "admin", &page{Title: "Administration", Data: d, Form: f, Nav: "admin"})
}

func (s *Server) adminPage(w http.ResponseWriter, r *http.Request) {
	s.renderAdmin(w, r, http.StatusOK, adminData{}, nil)
}

func (s *Server) adminSettingsSubmit(w http.ResponseWriter, r *http.Request) {
	name, policy, creation := r.PostFormValue("name"), r.PostFormValue("signup_policy"), r.PostFormValue("community_creation")
	in := praxis.SettingsInput{Name: &name, SignupPolicy: &policy, CommunityCreation: &creation,
		AllowedDomains: praxis.ParseList(r.PostFormValue("allowed_domains"))}
	if in.AllowedDomains == nil {
		in.AllowedDomains = []string{}
	}
	_, err := s.store.UpdateSettings(r.Context(), actor(r), in)
	if code := praxis.ErrorCode(err); code == praxis.EINVALID {
		s.renderAdmin(w, r, statusOf(code), adminData{FormFor: "settings"}, newForm(r, err))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "The settings are saved.")
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
}

func (s *Server) adminInviteSubmit(w http.ResponseWriter, r *http.Request) {
	inv, err := s.store.CreateInvitation(r.Context(), actor(r), r.PostFormValue("email"))
	if code := praxis.ErrorCode(err); code == praxis.EINVALID {
		s.renderAdmin(w, r, statusOf(code), adminData{FormFor: "invite"}, newForm(r, err))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderAdmin(w, r, http.StatusCreated, adminData{NewInvite: s.absURL(r, "/signup?invite="+inv.Token)}, nil)
}

func (s *Server) adminRoleSubmit(w http.ResponseWriter, r *http.Request) {
	err := s.store.SetUserRole(r.Context(), actor(r), r.PathValue("handle"), r.PostFormValue("role"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "The role of @"+r.PathValue("handle")+" is changed.")
	http.Redirect(w, r, "/admin#users", http.StatusSeeOther)
}

func (s *Server) adminSuspendSubmit(w http.ResponseWriter, r *http.Request) {
	suspend := r.PostFormValue("suspended") == "true"
	if err := s.store.SetSuspended(r.Context(), actor(r), r.PathValue("handle"), suspend); err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "@" + r.PathValue("handle") + " is suspended and signed out everywhere."
	if !suspend {
		msg = "@" + r.PathValue("handle") + " can sign in again."
	}
	s.setFlash(w, msg)
	http.Redirect(w, r, "/admin#users", http.StatusSeeOther)
}

// absURL makes an absolute URL for links shown to be copied elsewhere.
func (s *Server) absURL(r *http.Request, p string) string {
	if s.baseURL != "" {
		return s.baseURL + p
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + strings.TrimSpace(r.Host) + p
}
