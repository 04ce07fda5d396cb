package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"praxis"
)

type homeData struct {
	Mine      []*praxis.Community
	Others    []*praxis.Community
	CanCreate bool
}

func (s *Server) homePage(w http.ResponseWriter, r *http.Request) {
	ctx, u := r.Context(), actor(r)
	all, err := s.store.Communities(ctx, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := homeData{}
	mine := map[int64]bool{}
	if u != nil {
		own, err := s.store.CommunitiesOf(ctx, u, u.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, c := range own {
			mine[c.ID] = true
		}
		settings, err := s.store.Settings(ctx)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.CanCreate = praxis.CanCreateCommunity(u, settings)
	}
	for _, c := range all {
		if mine[c.ID] {
			d.Mine = append(d.Mine, c)
		} else {
			d.Others = append(d.Others, c)
		}
	}
	s.render(w, r, http.StatusOK, "home", &page{Title: "Communities", Data: d, Nav: "home"})
}

// communityInput reads the community fields present in a submitted form.
func communityInput(r *http.Request) praxis.CommunityInput {
	get := func(name string) *string {
		if _, ok := r.PostForm[name]; !ok {
			return nil
		}
		v := r.PostFormValue(name)
		return &v
	}
	in := praxis.CommunityInput{
		Name: get("name"), Slug: get("slug"), DomainStatement: get("domain_statement"), Purpose: get("purpose"),
		Type: get("type"), Visibility: get("visibility"), JoinPolicy: get("join_policy"), Stage: get("stage"),
		Values: get("values"), Norms: get("norms"),
	}
	if v := get("review_months"); v != nil && strings.TrimSpace(*v) != "" {
		n, err := strconv.Atoi(strings.TrimSpace(*v))
		if err != nil {
			n = -1 // refused by validation with a message beside the field
		}
		in.ReviewMonths = &n
	}
	return in
}

// goalInput reads a goal's fields from a form, with an optional name prefix.
func goalInput(v url.Values, prefix string) praxis.GoalInput {
	get := func(name string) *string {
		if _, ok := v[prefix+name]; !ok {
			return nil
		}
		s := v.Get(prefix + name)
		return &s
	}
	return praxis.GoalInput{Kind: get("kind"), Title: get("title"), Description: get("description"),
		Status: get("status"), DueDate: get("due_date"), Owner: get("owner")}
}

// newGoalSlots is how many goals the creation form offers; more can be added later.
const newGoalSlots = 3

func (s *Server) newCommunityPage(w http.ResponseWriter, r *http.Request) {
	if actor(r) == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to create a community."))
		return
	}
	f := &form{Values: url.Values{"creating": {"1"}}}
	s.render(w, r, http.StatusOK, "community_new", &page{Title: "Create a community", Form: f, Data: newGoalSlots})
}

func (s *Server) newCommunitySubmit(w http.ResponseWriter, r *http.Request) {
	var goals []praxis.GoalInput
	for i := 1; i <= newGoalSlots; i++ {
		g := goalInput(r.PostForm, "goal"+strconv.Itoa(i)+"_")
		if g.Title != nil && *g.Title != "" {
			goals = append(goals, g)
		}
	}
	c, err := s.store.CreateCommunity(r.Context(), actor(r), communityInput(r), goals)
	if err != nil {
		if code := praxis.ErrorCode(err); code == praxis.EINVALID || code == praxis.ECONFLICT {
			s.render(w, r, statusOf(code), "community_new", &page{Title: "Create a community", Form: newForm(r, err), Data: newGoalSlots})
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, c.Name+" is ready. Invite the people who share its domain.")
	http.Redirect(w, r, "/c/"+c.Slug, http.StatusSeeOther)
}

type communityData struct {
	*praxis.CommunityView
	Pinned   []*praxis.Thread
	Recent   *praxis.ThreadList
	Activity []*praxis.Activity
	Days     []praxis.DayCount
	// Levels count the members at each participation level, for those
	// who may see the members.
	Levels  []levelCount
	Pending int
	Follow  followButtons
	// StartHere is the collection for newcomers, shown to non-members
	// and to members who joined in the last 30 days.
	StartHere *praxis.Collection
	// Rhythm is the community's events against its cadence, with the
	// next event, shown in the viewer's time zone.
	Rhythm *praxis.Rhythm
	Events eventView
}

// Leads reports whether the viewer coordinates the community: they are
// shown a missed beat of its rhythm.
func (d communityData) Leads() bool { return d.Perm.Lead }

// RhythmChart draws the events held against the cadence.
func (d communityData) RhythmChart() template.HTML { return rhythmChart(d.Rhythm) }

// newcomerPeriod is how long after joining a member is shown the "start
// here" collection on the community's page.
const newcomerPeriod = 30 * 24 * time.Hour

func (s *Server) communityPage(w http.ResponseWriter, r *http.Request) {
	if s.serveKept(w, r, func() (praxis.PageVersion, error) {
		return s.store.CommunityVersion(r.Context(), r.PathValue("slug"))
	}) {
		return
	}
	u := actor(r)
	pg, err := s.store.CommunityPage(r.Context(), u, r.PathValue("slug"), praxis.CommunityPageOptions{
		Threads: 6, Activity: 12, Days: 90, RhythmMonths: rhythmMonths, NewcomersSince: s.now().Add(-newcomerPeriod),
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := communityData{CommunityView: &pg.CommunityView, Pinned: pg.Pinned, Recent: pg.Recent, Activity: pg.Activity, Days: pg.Days,
		Pending: pg.Pending, Follow: followButtons{Community: pg.Following}, StartHere: pg.StartHere, Rhythm: pg.Rhythm,
		Events: s.eventView(u)}
	if len(pg.Levels) > 0 {
		d.Levels = levelShares(pg.Levels)
	}
	s.render(w, r, http.StatusOK, "community", &page{Title: pg.Community.Name, Data: d, Nav: "community"})
}

type editData struct {
	*praxis.CommunityView
	Members []*praxis.Member
	// GoalID names the goal whose form is in Form (0: the charter form, -1: the new-goal form).
	GoalID int64
}

func (s *Server) renderEdit(w http.ResponseWriter, r *http.Request, status int, f *form, goalID int64) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	v, err := s.store.Community(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !v.Perm.EditCharter {
		s.fail(w, r, praxis.Errorf(praxis.EFORBIDDEN, "Only the coordinators of %s can edit its charter.", v.Community.Name))
		return
	}
	members, err := s.store.Members(ctx, u, slug, praxis.MemberFilter{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f == nil {
		f = communityForm(v.Community)
	}
	s.render(w, r, status, "community_edit", &page{Title: "Edit the charter of " + v.Community.Name, Form: f, Nav: "community",
		Data: editData{CommunityView: v, Members: members, GoalID: goalID}})
}

func (s *Server) editCommunityPage(w http.ResponseWriter, r *http.Request) {
	if actor(r) == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first."))
		return
	}
	s.renderEdit(w, r, http.StatusOK, nil, 0)
}

func (s *Server) editCommunitySubmit(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	_, err := s.store.UpdateCommunity(r.Context(), actor(r), slug, communityInput(r))
	if code := praxis.ErrorCode(err); code == praxis.EINVALID {
		s.renderEdit(w, r, statusOf(code), newForm(r, err), 0)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "The charter is saved.")
	http.Redirect(w, r, "/c/"+slug+"/edit", http.StatusSeeOther)
}

func (s *Server) addGoalSubmit(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	_, err := s.store.AddGoal(r.Context(), actor(r), slug, goalInput(r.PostForm, ""))
	if code := praxis.ErrorCode(err); code == praxis.EINVALID || code == praxis.ECONFLICT {
		s.renderEdit(w, r, statusOf(code), newForm(r, err), -1)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "The goal is added to the charter.")
	http.Redirect(w, r, "/c/"+slug+"/edit#goals", http.StatusSeeOther)
}

// participantCommunity loads the community of the path for a page where
// the viewer writes into it (doing, e.g. "write an article"): it answers
// the request itself, and returns false, unless the viewer takes part.
func (s *Server) participantCommunity(w http.ResponseWriter, r *http.Request, doing string) (*praxis.CommunityView, bool) {
	u := actor(r)
	if u == nil {
		s.fail(w, r, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to %s.", doing))
		return nil, false
	}
	v, err := s.store.Community(r.Context(), u, r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if !v.Perm.Participate {
		s.fail(w, r, praxis.Errorf(praxis.EFORBIDDEN, "Join %s to %s.", v.Community.Name, doing))
		return nil, false
	}
	return v, true
}

func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, praxis.Errorf(praxis.ENOTFOUND, "There is nothing at this address.")
	}
	return id, nil
}

func (s *Server) updateGoalSubmit(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, err = s.store.UpdateGoal(r.Context(), actor(r), slug, id, goalInput(r.PostForm, ""))
	if code := praxis.ErrorCode(err); code == praxis.EINVALID {
		s.renderEdit(w, r, statusOf(code), newForm(r, err), id)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "The goal is updated.")
	http.Redirect(w, r, "/c/"+slug+"/edit#goal-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) deleteGoalSubmit(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	id, err := pathID(r, "id")
	if err == nil {
		err = s.store.DeleteGoal(r.Context(), actor(r), slug, id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "The goal is removed; the charter's history keeps it.")
	http.Redirect(w, r, "/c/"+slug+"/edit#goals", http.StatusSeeOther)
}

type historyData struct {
	*praxis.CommunityView
	Revisions []*praxis.CharterRevision
}

func (s *Server) charterHistoryPage(w http.ResponseWriter, r *http.Request) {
	ctx, u, slug := r.Context(), actor(r), r.PathValue("slug")
	v, err := s.store.Community(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	revs, err := s.store.CharterRevisions(ctx, u, slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "charter_history", &page{Title: "Charter history of " + v.Community.Name, Nav: "community",
		Data: historyData{CommunityView: v, Revisions: revs}})
}

func (s *Server) joinSubmit(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	m, err := s.store.Join(r.Context(), actor(r), slug, r.PostFormValue("message"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if m.State == praxis.StatePending {
		s.setFlash(w, "Your request is sent; a coordinator will answer it.")
	} else {
		s.setFlash(w, "Welcome! You are now a member.")
	}
	http.Redirect(w, r, "/c/"+slug, http.StatusSeeOther)
}

func (s *Server) leaveSubmit(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if err := s.store.Leave(r.Context(), actor(r), slug); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, "You have left the community.")
	// The community may be private: after leaving, its page no longer exists for us.
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
