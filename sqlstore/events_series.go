package sqlstore

import (
	"context"
	"database/sql"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"praxis"
)

// Events of a community: single events and series, and who may see them.
// A series is materialized into occurrences (events_recurrence.go); lists
// and pages are in events_list.go, RSVPs, attendance and reminders in
// events_rsvp.go, harvests in events_harvest.go, the rhythm in
// events_rhythm.go, calendar feeds in events_calendar.go and visit
// requests in visits.go. (events.go carries the live wake-ups of threads.)
//
// Who may see an event, among those who may see its community: a public
// event everyone; a members-only event the active members and the
// administrators; an invitation-only event its hosts and invitees (signed
// in), the community's coordinators and the administrators. An event one
// may not see does not exist (ENOTFOUND), exactly like a missing one, and
// reaches no list, count, calendar, notification or reminder. Who may
// attend (RSVP, and read the online link): those who see it and are
// signed in and active members, hosts or invitees. Who may host (edit,
// cancel, mark attendance, harvest): its hosts while they are active
// members, the coordinators and the administrators. The rule is written
// twice, as eventAccess for one event and as eventVisibleWhere for lists;
// a test checks that the two agree.

// eventVisibleWhere is eventAccess.canSee as SQL, used together with
// visibleWhere: $1 is the viewer's id, $2 whether the viewer is signed in
// and not suspended, $3 whether the viewer is an administrator; e is the
// event and m the viewer's membership row in its community.
const eventVisibleWhere = `(e.visibility = 'public' OR $3
	OR (e.visibility = 'members' AND $2 AND m.state = 'active')
	OR (e.visibility = 'invitation' AND $2 AND ((m.state = 'active' AND m.role = 'coordinator')
		OR EXISTS (SELECT 1 FROM event_hosts x WHERE x.event_id = e.id AND x.user_id = $1)
		OR EXISTS (SELECT 1 FROM event_invitees x WHERE x.event_id = e.id AND x.user_id = $1))))`

// eventViewerColumns are what eventAccess needs of each row of a list:
// the community's policy, the viewer's membership and whether the viewer
// hosts or is invited to the event ($1 is the viewer's id).
const eventViewerColumns = `c.visibility, c.join_policy, COALESCE(m.role, ''), COALESCE(m.state, ''),
	EXISTS (SELECT 1 FROM event_hosts x WHERE x.event_id = e.id AND x.user_id = $1),
	EXISTS (SELECT 1 FROM event_invitees x WHERE x.event_id = e.id AND x.user_id = $1)`

// eventAccess is what one viewer is to one event and its community.
type eventAccess struct {
	perm     praxis.Permissions
	signedIn bool // signed in and not suspended
	host     bool
	invitee  bool
}

// canSee is the visibility rule of events (see eventVisibleWhere).
func (x eventAccess) canSee(visibility string) bool {
	if !x.perm.View {
		return false
	}
	switch visibility {
	case praxis.EventPublic:
		return true
	case praxis.EventMembers:
		return x.perm.Participate || x.perm.Moderate
	case praxis.EventInvitation:
		return x.perm.Moderate || (x.signedIn && (x.host || x.invitee))
	}
	return false
}

// canAttend: RSVP, and read the online link.
func (x eventAccess) canAttend(visibility string) bool {
	return x.canSee(visibility) && x.signedIn && (x.perm.Participate || x.host || x.invitee)
}

// canHost: edit, cancel, mark attendance, harvest.
func (x eventAccess) canHost() bool {
	return x.perm.Moderate || (x.perm.Participate && x.host)
}

// seesLink reports whether the viewer may read the event's online link.
func (x eventAccess) seesLink(visibility string) bool {
	return x.canAttend(visibility) || (x.canSee(visibility) && x.canHost())
}

// accessOf computes what u is to an event from the rows the lists read.
func accessOf(u *praxis.User, c *praxis.Community, role, state string, host, invitee bool) eventAccess {
	var m *praxis.Membership
	if state != "" {
		m = &praxis.Membership{Role: role, State: state}
	}
	return eventAccess{perm: praxis.PermissionsFor(u, c, m), signedIn: u != nil && !u.Suspended, host: host, invitee: invitee}
}

// localLayout is how event times are entered and stored: local to the
// event's time zone.
const localLayout = "2006-01-02T15:04"

// Limits on events that the domain does not name.
const (
	maxEventDescriptionLen = praxis.MaxCharterTextLen
	maxPlaceLen            = 300
	maxURLLen              = 2000
	maxSpeakers            = 10
	maxInvitees            = 200
	maxOccurrenceNoteLen   = 2000
)

const eventColumns = `e.id, e.community_id, c.slug, e.kind, e.title, e.description, e.html, e.time_zone, e.start_local,
	e.duration_minutes, e.rrule, e.place, e.online_url, e.visibility, e.capacity, e.cancelled, COALESCE(e.external_id, ''),
	e.created_at, e.updated_at`

const eventFrom = ` FROM events e JOIN communities c ON c.id = e.community_id`

// eventRow receives a row of eventColumns.
type eventRow struct {
	e                praxis.Event
	startLocal       string
	created, updated int64
}

func (r *eventRow) dest() []any {
	e := &r.e
	return []any{&e.ID, &e.CommunityID, &e.CommunitySlug, &e.Kind, &e.Title, &e.Description, &e.HTML, &e.TimeZone, &r.startLocal,
		&e.Duration, &e.RRule, &e.Place, &e.OnlineURL, &e.Visibility, &e.Capacity, &e.Cancelled, &e.ExternalID, &r.created, &r.updated}
}

func (r *eventRow) event() *praxis.Event {
	e := r.e
	e.Start = localTime(e.TimeZone, r.startLocal)
	e.CreatedAt, e.UpdatedAt = fromMS(r.created), fromMS(r.updated)
	e.Hosts, e.Speakers = []praxis.PersonRef{}, []string{}
	return &e
}

// scanEvent reads eventColumns, then extra.
func scanEvent(s scanner, extra ...any) (*praxis.Event, error) {
	var r eventRow
	if err := s.Scan(append(r.dest(), extra...)...); err != nil {
		return nil, err
	}
	return r.event(), nil
}

// viewerRow receives a row of eventViewerColumns.
type viewerRow struct {
	c             praxis.Community
	role, state   string
	host, invitee bool
}

func (r *viewerRow) dest() []any {
	return []any{&r.c.Visibility, &r.c.JoinPolicy, &r.role, &r.state, &r.host, &r.invitee}
}

func (r *viewerRow) access(actor *praxis.User) eventAccess {
	return accessOf(actor, &r.c, r.role, r.state, r.host, r.invitee)
}

// location returns a stored time zone; zones were checked when written.
func location(tz string) *time.Location {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return time.UTC
	}
	return loc
}

func localTime(tz, local string) time.Time {
	t, err := time.ParseInLocation(localLayout, local, location(tz))
	if err != nil {
		return time.Time{}
	}
	return t
}

// eventDuration is the length of each occurrence.
func eventDuration(e *praxis.Event) time.Duration { return time.Duration(e.Duration) * time.Minute }

// activitySummary is what the community's activity feed says about an
// event. The feed is read by everyone who may see the community, so only a
// public event is named there.
func activitySummary(e *praxis.Event) string {
	if e.Visibility == praxis.EventPublic {
		return e.Title
	}
	return ""
}

// loadEvent loads an event whatever its visibility; callers decide.
func (tx *Tx) loadEvent(ctx context.Context, id int64) (*praxis.Event, error) {
	e, err := scanEvent(tx.QueryRowContext(ctx, `SELECT `+eventColumns+eventFrom+` WHERE e.id = $1`, id))
	if isNoRows(err) {
		return nil, notFound("There is no event at this address.")
	}
	return e, err
}

// eventScope is an event with its community and what the viewer is to it.
type eventScope struct {
	e   *praxis.Event
	c   *praxis.Community
	acc eventAccess
}

// scopeOf loads the community of e and what actor is to e.
func (tx *Tx) scopeOf(ctx context.Context, actor *praxis.User, e *praxis.Event) (*eventScope, error) {
	c, m, err := tx.communityBySlug(ctx, actor, e.CommunitySlug)
	if err != nil {
		return nil, err
	}
	s := &eventScope{e: e, c: c}
	s.acc = eventAccess{perm: praxis.PermissionsFor(actor, c, m), signedIn: actor != nil && !actor.Suspended}
	if actor != nil {
		if err := tx.QueryRowContext(ctx, `SELECT
				EXISTS (SELECT 1 FROM event_hosts WHERE event_id = $1 AND user_id = $2),
				EXISTS (SELECT 1 FROM event_invitees WHERE event_id = $1 AND user_id = $2)`, e.ID, actor.ID).Scan(&s.acc.host, &s.acc.invitee); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// visibleEvent loads an event that actor may see. Its hosts and speakers
// are not loaded (see fillEvents) and its online link is kept: callers
// redact what they return.
func (tx *Tx) visibleEvent(ctx context.Context, actor *praxis.User, id int64) (*eventScope, error) {
	e, err := tx.loadEvent(ctx, id)
	if err != nil {
		return nil, err
	}
	s, err := tx.scopeOf(ctx, actor, e)
	if err != nil {
		return nil, err
	}
	if !s.acc.canSee(e.Visibility) {
		return nil, notFound("There is no event at this address.")
	}
	return s, nil
}

// hostable loads an event that actor may host: ENOTFOUND when actor may
// not see it, EFORBIDDEN when actor may see but not host it.
func (tx *Tx) hostable(ctx context.Context, actor *praxis.User, id int64) (*eventScope, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	s, err := tx.visibleEvent(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if !s.acc.canHost() {
		return nil, praxis.Errorf(praxis.EFORBIDDEN, "Only the hosts of this event and the coordinators of %s can do this.", s.c.Name)
	}
	return s, nil
}

// redact hides what the viewer may not read of the event.
func (s *eventScope) redact() {
	if !s.acc.seesLink(s.e.Visibility) {
		s.e.OnlineURL = ""
	}
}

func memberKind(kind string) bool { return kind == praxis.EventClinic || kind == praxis.EventVisit }

// applyEventInput validates an input and applies it to e. The time zone,
// start, end and rule are checked together, and the start of a series is
// moved to the first date its rule gives, so that DTSTART and RRULE agree.
// It reports whether the times changed.
func applyEventInput(e *praxis.Event, in praxis.EventInput, creating bool) (bool, error) {
	var v praxis.Validation
	if creating || in.Kind != nil {
		if in.Kind == nil || !choiceOf(praxis.EventKinds, *in.Kind) {
			v.Add("kind", "Choose what kind of event this is.")
		} else {
			e.Kind = *in.Kind
		}
	}
	if creating || in.Title != nil {
		title := ""
		if in.Title != nil {
			title = strings.TrimSpace(*in.Title)
		}
		praxis.ValidateText(&v, "title", "The title", title, praxis.MaxEventTitleLen, true)
		e.Title = title
	}
	if in.Description != nil {
		e.Description = strings.TrimSpace(strings.ReplaceAll(*in.Description, "\r\n", "\n"))
		praxis.ValidateText(&v, "description", "The description", e.Description, maxEventDescriptionLen, false)
	}
	timesChanged := false
	if creating || in.TimeZone != nil || in.Start != nil || in.End != nil || in.RRule != nil {
		tz, start, end, rule := "", "", "", ""
		if !creating {
			tz, rule = e.TimeZone, e.RRule
			start = e.Start.Format(localLayout)
			end = e.Start.Add(eventDuration(e)).In(e.Start.Location()).Format(localLayout)
		}
		if in.TimeZone != nil {
			tz = strings.TrimSpace(*in.TimeZone)
		}
		if in.Start != nil {
			start = *in.Start
		}
		if in.End != nil {
			end = *in.End
		} else if in.Start != nil && !creating {
			// A new start without an end keeps the length.
			if loc, err := time.LoadLocation(tz); err == nil {
				if st, err := time.ParseInLocation(localLayout, strings.TrimSpace(start), loc); err == nil {
					end = st.Add(eventDuration(e)).Format(localLayout)
				}
			}
		}
		if in.RRule != nil {
			rule = *in.RRule
		}
		var tv praxis.Validation
		st, en, loc := praxis.ValidateEventTimes(&tv, tz, start, end)
		if err := tv.Err(); err != nil {
			for f, msg := range praxis.ErrorFields(err) {
				v.Add(f, msg)
			}
		} else if canonical, problem := normalizeRule(rule, loc); problem != "" {
			v.Add("rrule", problem)
		} else {
			minutes := int(en.Sub(st) / time.Minute)
			if canonical != "" {
				first, ok := firstStart(canonical, st)
				if !ok {
					v.Add("rrule", "This rule gives no date on or after the start; check its end (UNTIL or COUNT) and its days.")
				}
				st = first
			}
			timesChanged = creating || tz != e.TimeZone || !st.Equal(e.Start) || canonical != e.RRule || minutes != e.Duration
			e.TimeZone, e.Start, e.RRule, e.Duration = tz, st, canonical, minutes
		}
	}
	if in.Place != nil {
		e.Place = strings.TrimSpace(*in.Place)
		praxis.ValidateText(&v, "place", "The place", e.Place, maxPlaceLen, false)
	}
	if in.OnlineURL != nil {
		e.OnlineURL = strings.TrimSpace(*in.OnlineURL)
		if e.OnlineURL != "" && !webURL(e.OnlineURL) {
			v.Add("online_url", "Enter the online link as a full address starting with https://.")
		}
	}
	if in.Visibility != nil && *in.Visibility != "" {
		if !choiceOf(praxis.EventVisibilities, *in.Visibility) {
			v.Add("visibility", "Choose who can see the event: everyone, members or invited people.")
		} else {
			e.Visibility = *in.Visibility
		}
	} else if e.Visibility == "" {
		e.Visibility = praxis.EventPublic
	}
	if in.Capacity != nil {
		if *in.Capacity < 0 || *in.Capacity > praxis.MaxEventCapacity {
			v.Add("capacity", "The capacity is a number of places up to 10000, or 0 for no limit.")
		} else {
			e.Capacity = *in.Capacity
		}
	}
	if in.Speakers != nil {
		e.Speakers = []string{}
		for _, sp := range in.Speakers {
			if sp = strings.TrimSpace(sp); sp != "" {
				e.Speakers = append(e.Speakers, sp)
				if utf8.RuneCountInString(sp) > praxis.MaxNameLen {
					v.Add("speakers", "A speaker's name is at most 80 characters long.")
				}
			}
		}
		if len(e.Speakers) > maxSpeakers {
			v.Add("speakers", "Name at most 10 speakers.")
		}
	}
	if len(in.Invitees) > maxInvitees {
		v.Add("invitees", "Invite at most 200 people; make the event members-only for more.")
	}
	return timesChanged, v.Err()
}

func choiceOf(choices []praxis.Choice, value string) bool {
	for _, c := range choices {
		if c.Value == value {
			return true
		}
	}
	return false
}

// webURL reports whether s is an absolute http or https address.
func webURL(s string) bool {
	if len(s) > maxURLLen || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// eventPeople resolves the hosts and invitees named in an input. Hosts are
// active members; without any, the actor hosts, if an active member.
// Invitees are people with an account who are not suspended.
func (tx *Tx) eventPeople(ctx context.Context, c *praxis.Community, actor *praxis.User, p praxis.Permissions, in praxis.EventInput,
	creating bool) (hosts, invitees []int64, err error) {
	if creating || in.Hosts != nil {
		hosts, err = tx.activeMemberIDs(ctx, c.ID, in.Hosts, "hosts")
		if err != nil {
			return nil, nil, err
		}
		if len(hosts) == 0 {
			if !p.Participate {
				msg := "Name at least one host among the members of " + c.Name + "."
				return nil, nil, &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"hosts": msg}}
			}
			hosts = []int64{actor.ID}
		}
	}
	if in.Invitees != nil {
		invitees, err = tx.userIDs(ctx, in.Invitees, "invitees")
		if err != nil {
			return nil, nil, err
		}
	}
	return hosts, invitees, nil
}

// userIDs resolves handles to people with an account who are not
// suspended, in order and without repeats; anyone else is a field error.
func (tx *Tx) userIDs(ctx context.Context, handles []string, field string) ([]int64, error) {
	return tx.resolveHandles(ctx, handles, field, "There is no one called @%s here.",
		` WHERE NOT u.suspended AND u.password_hash IS NOT NULL`)
}

func (tx *Tx) setHosts(ctx context.Context, eventID int64, ids []int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM event_hosts WHERE event_id = $1`, eventID); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_hosts (event_id, user_id) VALUES ($1, $2)`, eventID, id); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) setSpeakers(ctx context.Context, eventID int64, names []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM event_speakers WHERE event_id = $1`, eventID); err != nil {
		return err
	}
	for i, n := range names {
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_speakers (event_id, position, name) VALUES ($1, $2, $3)`, eventID, i, n); err != nil {
			return err
		}
	}
	return nil
}

// setInvitees replaces the invitees and returns those newly invited.
func (tx *Tx) setInvitees(ctx context.Context, eventID int64, ids []int64) ([]int64, error) {
	before := map[int64]bool{}
	rows, err := tx.QueryContext(ctx, `SELECT user_id FROM event_invitees WHERE event_id = $1`, eventID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		before[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM event_invitees WHERE event_id = $1`, eventID); err != nil {
		return nil, err
	}
	var added []int64
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_invitees (event_id, user_id) VALUES ($1, $2)`, eventID, id); err != nil {
			return nil, err
		}
		if !before[id] {
			added = append(added, id)
		}
	}
	return added, nil
}

// CreateEvent creates a single event or a series in a community and
// materializes its occurrences. Coordinators, core members and
// administrators schedule any event; other active members clinics and
// visits.
func (db *DB) CreateEvent(ctx context.Context, actor *praxis.User, slug string, in praxis.EventInput) (*praxis.Event, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to schedule an event.")
	}
	var out *praxis.Event
	err := db.update(ctx, func(tx *Tx) error {
		c, _, p, err := tx.visibleCommunity(ctx, actor, slug)
		if err != nil {
			return err
		}
		if !p.Participate && !p.Moderate {
			return praxis.Errorf(praxis.EFORBIDDEN, "Join %s to schedule events in it.", c.Name)
		}
		e := &praxis.Event{CommunityID: c.ID, CommunitySlug: c.Slug, Hosts: []praxis.PersonRef{}, Speakers: []string{}}
		if _, err := applyEventInput(e, in, true); err != nil {
			return err
		}
		if !p.Lead && !memberKind(e.Kind) {
			msg := "Members schedule clinics and visits; ask a coordinator or a core member for other events."
			return &praxis.Error{Code: praxis.EFORBIDDEN, Message: msg, Fields: map[string]string{"kind": msg}}
		}
		hosts, invitees, err := tx.eventPeople(ctx, c, actor, p, in, true)
		if err != nil {
			return err
		}
		e.HTML = db.render.Render(e.Description).HTML
		e.CreatedAt, e.UpdatedAt = tx.now, tx.now
		if err := tx.QueryRowContext(ctx, `INSERT INTO events (community_id, kind, title, description, html, time_zone, start_local,
				duration_minutes, rrule, place, online_url, visibility, capacity, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
			c.ID, e.Kind, e.Title, e.Description, e.HTML, e.TimeZone, e.Start.Format(localLayout), e.Duration, e.RRule,
			e.Place, e.OnlineURL, e.Visibility, e.Capacity, actor.ID, ms(tx.now)).Scan(&e.ID); err != nil {
			return err
		}
		tx.reindex(praxis.SearchEvent, e.ID)
		if err := tx.setHosts(ctx, e.ID, hosts); err != nil {
			return err
		}
		if err := tx.setSpeakers(ctx, e.ID, e.Speakers); err != nil {
			return err
		}
		added, err := tx.setInvitees(ctx, e.ID, invitees)
		if err != nil {
			return err
		}
		if _, err := tx.materialize(ctx, e, e.Start); err != nil {
			return err
		}
		if err := tx.notifyInvited(ctx, e, c, actor.ID, added); err != nil {
			return err
		}
		if err := tx.logActivity(ctx, c.ID, actor.ID, praxis.VerbEventScheduled, "event", e.ID, activitySummary(e)); err != nil {
			return err
		}
		out, err = tx.eventForViewer(ctx, actor, e.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eventForViewer loads an event with its hosts, speakers and exceptions as
// actor sees it.
func (tx *Tx) eventForViewer(ctx context.Context, actor *praxis.User, id int64) (*praxis.Event, error) {
	s, err := tx.visibleEvent(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := tx.fillEvents(ctx, []*praxis.Event{s.e}, true); err != nil {
		return nil, err
	}
	if err := tx.fillInvitees(ctx, s); err != nil {
		return nil, err
	}
	s.redact()
	return s.e, nil
}

// fillInvitees loads the invitees of an event for those who may host it;
// others do not learn who else was invited.
func (tx *Tx) fillInvitees(ctx context.Context, s *eventScope) error {
	if !s.acc.canHost() {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT u.id, u.handle, u.display_name, u.organization FROM event_invitees i JOIN users u ON u.id = i.user_id
		WHERE i.event_id = $1 ORDER BY lower(u.display_name), u.id`, s.e.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	s.e.Invitees = []praxis.PersonRef{}
	for rows.Next() {
		var p praxis.PersonRef
		if err := rows.Scan(&p.ID, &p.Handle, &p.Name, &p.Organization); err != nil {
			return err
		}
		s.e.Invitees = append(s.e.Invitees, p)
	}
	return rows.Err()
}

// notifyInvited tells people newly invited to an event, about its next
// occurrence.
func (tx *Tx) notifyInvited(ctx context.Context, e *praxis.Event, c *praxis.Community, actorID int64, userIDs []int64) error {
	if len(userIDs) == 0 {
		return nil
	}
	occID, err := tx.nextOccurrenceID(ctx, e.ID)
	if err != nil || occID == 0 {
		return err
	}
	return tx.notifyEvent(ctx, e, c, occID, actorID, praxis.NotifyInvited, userIDs)
}

// nextOccurrenceID returns the event's next occurrence that is not
// cancelled, or else its latest one (0 when it has none).
func (tx *Tx) nextOccurrenceID(ctx context.Context, eventID int64) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(
			(SELECT id FROM event_occurrences WHERE event_id = $1 AND starts_at > $2 AND NOT cancelled ORDER BY starts_at, id LIMIT 1),
			(SELECT id FROM event_occurrences WHERE event_id = $1 ORDER BY starts_at DESC, id DESC LIMIT 1), 0)`,
		eventID, ms(tx.now)).Scan(&id)
	return id, err
}

// UpdateEvent changes an event or a whole series. Future occurrences
// follow the new times: those whose original start the new rule keeps
// keep their RSVPs, those it drops are deleted (or cancelled, telling
// those going, when someone answered), moved ones stay as they are; past
// occurrences and their RSVPs stay.
func (db *DB) UpdateEvent(ctx context.Context, actor *praxis.User, eventID int64, in praxis.EventInput) (*praxis.Event, error) {
	var out *praxis.Event
	err := db.update(ctx, func(tx *Tx) error {
		s, err := tx.hostable(ctx, actor, eventID)
		if err != nil {
			return err
		}
		e := s.e
		if e.Cancelled {
			return praxis.Errorf(praxis.EINVALID, "This event is cancelled; schedule a new one instead.")
		}
		old := *e
		timesChanged, err := applyEventInput(e, in, false)
		if err != nil {
			return err
		}
		if e.Kind != old.Kind && !s.acc.perm.Lead && !memberKind(e.Kind) {
			msg := "Members schedule clinics and visits; ask a coordinator or a core member for other events."
			return &praxis.Error{Code: praxis.EFORBIDDEN, Message: msg, Fields: map[string]string{"kind": msg}}
		}
		if e.Capacity > 0 && e.Capacity != old.Capacity {
			if err := tx.checkCapacity(ctx, e); err != nil {
				return err
			}
		}
		hosts, invitees, err := tx.eventPeople(ctx, s.c, actor, s.acc.perm, in, false)
		if err != nil {
			return err
		}
		if e.Description != old.Description {
			e.HTML = db.render.Render(e.Description).HTML
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET kind = $1, title = $2, description = $3, html = $4, time_zone = $5,
				start_local = $6, duration_minutes = $7, rrule = $8, place = $9, online_url = $10, visibility = $11, capacity = $12,
				updated_at = $13 WHERE id = $14`,
			e.Kind, e.Title, e.Description, e.HTML, e.TimeZone, e.Start.Format(localLayout), e.Duration, e.RRule, e.Place,
			e.OnlineURL, e.Visibility, e.Capacity, ms(tx.now), e.ID); err != nil {
			return err
		}
		tx.reindex(praxis.SearchEvent, e.ID)
		if hosts != nil {
			if err := tx.setHosts(ctx, e.ID, hosts); err != nil {
				return err
			}
		}
		if in.Speakers != nil {
			if err := tx.setSpeakers(ctx, e.ID, e.Speakers); err != nil {
				return err
			}
		}
		if timesChanged {
			if err := tx.regenerate(ctx, e, &old, s.c, actor.ID); err != nil {
				return err
			}
		}
		if invitees != nil {
			added, err := tx.setInvitees(ctx, e.ID, invitees)
			if err != nil {
				return err
			}
			if err := tx.notifyInvited(ctx, e, s.c, actor.ID, added); err != nil {
				return err
			}
		}
		if old.Capacity > 0 && (e.Capacity == 0 || e.Capacity > old.Capacity) {
			if err := tx.promoteAll(ctx, e, s.c); err != nil {
				return err
			}
		}
		if err := tx.logActivity(ctx, s.c.ID, actor.ID, praxis.VerbEdited, "event", e.ID, activitySummary(e)); err != nil {
			return err
		}
		out, err = tx.eventForViewer(ctx, actor, e.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkCapacity refuses a capacity below the number already going to a
// future occurrence.
func (tx *Tx) checkCapacity(ctx context.Context, e *praxis.Event) error {
	var going int
	var starts sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT count(*), o.starts_at FROM rsvps r JOIN event_occurrences o ON o.id = r.occurrence_id
		WHERE o.event_id = $1 AND o.starts_at > $2 AND NOT o.cancelled AND r.status = 'going'
		GROUP BY o.id, o.starts_at ORDER BY count(*) DESC, o.starts_at LIMIT 1`, e.ID, ms(tx.now)).Scan(&going, &starts)
	if isNoRows(err) {
		return nil
	} else if err != nil {
		return err
	}
	if e.Capacity >= going {
		return nil
	}
	day := fromMS(starts.Int64).In(e.Start.Location()).Format("2 January 2006")
	msg := strconv.Itoa(going) + " people are already going on " + day + ": the capacity cannot be below that."
	return &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{"capacity": msg}}
}

// UpdateOccurrence moves one occurrence or annotates it. A moved
// occurrence of a series is an override (RECURRENCE-ID in calendars) that
// later changes of the series leave alone; moving the one occurrence of a
// single event moves the event.
func (db *DB) UpdateOccurrence(ctx context.Context, actor *praxis.User, occurrenceID int64, start, end, note *string) (*praxis.Occurrence, error) {
	var out *praxis.Occurrence
	err := db.update(ctx, func(tx *Tx) error {
		o, s, err := tx.hostableOccurrence(ctx, actor, occurrenceID)
		if err != nil {
			return err
		}
		e := s.e
		if o.Cancelled || e.Cancelled {
			return praxis.Errorf(praxis.EINVALID, "This occurrence is cancelled.")
		}
		var v praxis.Validation
		if note != nil {
			n := strings.TrimSpace(*note)
			praxis.ValidateText(&v, "note", "The note", n, maxOccurrenceNoteLen, false)
			o.Note = n
		}
		moved := false
		if start != nil || end != nil {
			loc := e.Start.Location()
			st, en := o.StartsAt.In(loc).Format(localLayout), o.EndsAt.In(loc).Format(localLayout)
			if start != nil {
				st = *start
			}
			if end != nil {
				en = *end
			}
			ns, ne, _ := praxis.ValidateEventTimes(&v, e.TimeZone, st, en)
			if err := v.Err(); err != nil {
				return err
			}
			if !ns.Equal(o.StartsAt) || !ne.Equal(o.EndsAt) {
				if !o.StartsAt.After(tx.now) {
					return praxis.Errorf(praxis.EINVALID, "This occurrence has already started; its time can no longer change.")
				}
				o.StartsAt, o.EndsAt, moved = ns, ne, true
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		// An occurrence of a series is overridden while it differs from
		// what the series gives; a single event is its occurrence, and
		// moves with it.
		overridden := e.RRule != "" && (!o.StartsAt.Equal(o.OriginalStart) || o.EndsAt.Sub(o.StartsAt) != eventDuration(e) || o.Note != "")
		if e.RRule == "" {
			if moved {
				o.OriginalStart = o.StartsAt
				if _, err := tx.ExecContext(ctx, `UPDATE events SET start_local = $1, duration_minutes = $2, updated_at = $3 WHERE id = $4`,
					o.StartsAt.In(e.Start.Location()).Format(localLayout), int(o.EndsAt.Sub(o.StartsAt)/time.Minute), ms(tx.now), e.ID); err != nil {
					return err
				}
				tx.reindex(praxis.SearchEvent, e.ID)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_occurrences SET original_start = $1, starts_at = $2, ends_at = $3, note = $4,
				overridden = $5 WHERE id = $6`,
			ms(o.OriginalStart), ms(o.StartsAt), ms(o.EndsAt), o.Note, overridden, o.ID); err != nil {
			return err
		}
		if moved {
			if err := tx.forgetReminders(ctx, o.ID); err != nil {
				return err
			}
		}
		if err := tx.logActivity(ctx, s.c.ID, actor.ID, praxis.VerbEdited, "occurrence", o.ID, activitySummary(e)); err != nil {
			return err
		}
		out, err = tx.occurrenceForViewer(ctx, actor, o.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// forgetReminders lets those going to a moved occurrence be reminded of
// its new time.
func (tx *Tx) forgetReminders(ctx context.Context, occurrenceID int64) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM event_reminders WHERE occurrence_id = $1`, occurrenceID)
	return err
}

// CancelOccurrence cancels one occurrence: an exception (EXDATE) of its
// series, or the single event itself. Those going and waitlisted are told
// when it has not started yet. Cancelling twice is harmless.
func (db *DB) CancelOccurrence(ctx context.Context, actor *praxis.User, occurrenceID int64) error {
	return db.update(ctx, func(tx *Tx) error {
		o, s, err := tx.hostableOccurrence(ctx, actor, occurrenceID)
		if err != nil {
			return err
		}
		if o.Cancelled {
			return nil
		}
		e := s.e
		if e.RRule == "" {
			if _, err := tx.ExecContext(ctx, `UPDATE events SET cancelled = $1, updated_at = $2 WHERE id = $3`, true, ms(tx.now), e.ID); err != nil {
				return err
			}
			tx.reindex(praxis.SearchEvent, e.ID)
		} else if _, err := tx.ExecContext(ctx, `INSERT INTO event_exdates (event_id, starts_at) VALUES ($1, $2)
			ON CONFLICT (event_id, starts_at) DO NOTHING`, e.ID, ms(o.OriginalStart)); err != nil {
			return err
		}
		if err := tx.cancelOccurrences(ctx, e, s.c, actor.ID, []*praxis.Occurrence{o}); err != nil {
			return err
		}
		return tx.logActivity(ctx, s.c.ID, actor.ID, praxis.VerbEdited, "occurrence", o.ID, cancelledSummary(e))
	})
}

func cancelledSummary(e *praxis.Event) string {
	if s := activitySummary(e); s != "" {
		return "Cancelled: " + s
	}
	return ""
}

// cancelOccurrences marks occurrences cancelled and tells those going or
// waitlisted to the ones that have not started.
func (tx *Tx) cancelOccurrences(ctx context.Context, e *praxis.Event, c *praxis.Community, actorID int64, occs []*praxis.Occurrence) error {
	for _, o := range occs {
		if _, err := tx.ExecContext(ctx, `UPDATE event_occurrences SET cancelled = $1 WHERE id = $2`, true, o.ID); err != nil {
			return err
		}
		if !o.StartsAt.After(tx.now) {
			continue
		}
		ids, err := tx.rsvpUsers(ctx, o.ID, praxis.RSVPGoing, praxis.RSVPWaitlisted)
		if err != nil {
			return err
		}
		if err := tx.notifyEvent(ctx, e, c, o.ID, actorID, praxis.NotifyCancelled, ids); err != nil {
			return err
		}
	}
	return nil
}

// rsvpUsers lists who answered an occurrence with one of the statuses.
func (tx *Tx) rsvpUsers(ctx context.Context, occurrenceID int64, statuses ...string) ([]int64, error) {
	args := []any{occurrenceID}
	rows, err := tx.QueryContext(ctx, `SELECT user_id FROM rsvps WHERE occurrence_id = $1 AND status IN (`+inList(&args, statuses)+`)
		ORDER BY user_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// CancelEvent cancels an event or a whole series: the event is marked
// cancelled, and so are its occurrences that have not started, telling
// those going. Past occurrences stay as they were.
func (db *DB) CancelEvent(ctx context.Context, actor *praxis.User, eventID int64) error {
	return db.update(ctx, func(tx *Tx) error {
		s, err := tx.hostable(ctx, actor, eventID)
		if err != nil {
			return err
		}
		e := s.e
		if e.Cancelled {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET cancelled = $1, updated_at = $2 WHERE id = $3`, true, ms(tx.now), e.ID); err != nil {
			return err
		}
		tx.reindex(praxis.SearchEvent, e.ID)
		occs, err := tx.occurrencesWhere(ctx, "o.event_id = $1 AND o.starts_at > $2 AND NOT o.cancelled", e.ID, ms(tx.now))
		if err != nil {
			return err
		}
		if err := tx.cancelOccurrences(ctx, e, s.c, actor.ID, occs); err != nil {
			return err
		}
		return tx.logActivity(ctx, s.c.ID, actor.ID, praxis.VerbEdited, "event", e.ID, cancelledSummary(e))
	})
}
