package web

import (
	"net/http"

	"praxis"
)

type peopleData struct {
	*praxis.CommunityView
	Members []*praxis.Member
	Pending []*praxis.Member
	Invited []*praxis.Member
}

func (s *Server) renderPeople(w http.ResponseWriter, r *http.Request, status int, f *form) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	v, err := s.store.Community(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := peopleData{CommunityView: v}
	if d.Members, err = s.store.Members(ctx, u, slug, praxis.MemberFilter{}); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Perm.ManageMembers {
		if d.Pending, err = s.store.Members(ctx, u, slug, praxis.MemberFilter{State: praxis.StatePending}); err != nil {
			s.fail(w, r, err)
			return
		}
		if d.Invited, err = s.store.Members(ctx, u, slug, praxis.MemberFilter{State: praxis.StateInvited}); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, status, "people", &page{Title: "People of " + v.Community.Name, Data: d, Form: f, Nav: "community"})
}

func (s *Server) peoplePage(w http.ResponseWriter, r *http.Request) {
	s.renderPeople(w, r, http.StatusOK, nil)
}

// memberAction runs a coordinator's action on a member and returns to the people page.
func (s *Server) memberAction(w http.ResponseWriter, r *http.Request, done string, fn func() error) {
	if err := fn(); err != nil {
		switch praxis.ErrorCode(err) {
		case praxis.EINVALID, praxis.ECONFLICT:
			s.renderPeople(w, r, statusOf(praxis.ErrorCode(err)), newForm(r, err))
		case praxis.ENOTFOUND:
			if r.PathValue("handle") != "" || r.PostFormValue("handle") != "" {
				s.renderPeople(w, r, http.StatusNotFound, newForm(r, err))
				return
			}
			s.fail(w, r, err)
		default:
			s.fail(w, r, err)
		}
		return
	}
	s.setFlash(w, done)
	http.Redirect(w, r, "/c/"+r.PathValue("slug")+"/people", http.StatusSeeOther)
}

func (s *Server) inviteSubmit(w http.ResponseWriter, r *http.Request) {
	handle := r.PostFormValue("handle")
	s.memberAction(w, r, "@"+handle+" is invited.", func() error {
		return s.store.Invite(r.Context(), actor(r), r.PathValue("slug"), handle)
	})
}

func (s *Server) approveSubmit(w http.ResponseWriter, r *http.Request) {
	s.memberAction(w, r, "@"+r.PathValue("handle")+" is now a member.", func() error {
		return s.store.Approve(r.Context(), actor(r), r.PathValue("slug"), r.PathValue("handle"))
	})
}

func (s *Server) roleSubmit(w http.ResponseWriter, r *http.Request) {
	s.memberAction(w, r, "The role of @"+r.PathValue("handle")+" is changed.", func() error {
		return s.store.SetRole(r.Context(), actor(r), r.PathValue("slug"), r.PathValue("handle"), r.PostFormValue("role"))
	})
}

func (s *Server) removeSubmit(w http.ResponseWriter, r *http.Request) {
	s.memberAction(w, r, "@"+r.PathValue("handle")+" is no longer listed.", func() error {
		return s.store.RemoveMember(r.Context(), actor(r), r.PathValue("slug"), r.PathValue("handle"))
	})
}

type profileData struct {
	Person      *praxis.User
	Communities []*praxis.Community
	Own         bool
}

func (s *Server) profilePage(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), actor(r)
	p, err := s.store.UserByHandle(ctx, r.PathValue("handle"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cs, err := s.store.CommunitiesOf(ctx, u, p.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !praxis.CanSeeEmail(u, p) {
		p.Email = ""
	}
	nav := ""
	if u != nil && u.ID == p.ID {
		nav = "profile"
	}
	s.render(w, r, http.StatusOK, "profile", &page{Title: p.Name(), Nav: nav,
		Data: profileData{Person: p, Communities: cs, Own: u != nil && u.ID == p.ID}})
}
