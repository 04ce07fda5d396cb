package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"praxis"
)

// maxJSONDepth is the deepest nesting of objects and lists a request body
// may have. No input of the API goes deeper than a few levels; the limit
// stops bodies built to make decoding slow or deep before any of it runs.
const maxJSONDepth = 32

// decodeJSON reads a JSON request body into v, refusing unknown fields,
// nesting deeper than maxJSONDepth and trailing data, with a message that
// says what was wrong.
func decodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return praxis.Errorf(praxis.EINVALID, "Send the body as application/json.")
	}
	body, err := io.ReadAll(r.Body) // bounded by the body limit of the middleware
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return praxis.Errorf(praxis.EINVALID, "The request body could not be read.")
	}
	return decodeJSONBytes(body, v)
}

// decodeJSONBytes is decodeJSON once the body is read.
func decodeJSONBytes(body []byte, v any) error {
	if jsonDepth(body) > maxJSONDepth {
		return praxis.Errorf(praxis.EINVALID, "The request body nests objects or lists more than %d deep.", maxJSONDepth)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &mbe):
			return err
		case errors.Is(err, io.EOF):
			return praxis.Errorf(praxis.EINVALID, "The request body is empty; send a JSON object.")
		case errors.As(err, &syn):
			return praxis.Errorf(praxis.EINVALID, "The request body is not valid JSON (at byte %d).", syn.Offset)
		case errors.As(err, &typ):
			field, want := jsonFieldPath(typ.Field), jsonKind(typ.Type)
			if field == "" {
				return praxis.Errorf(praxis.EINVALID, "The request body must be a JSON object.")
			}
			return &praxis.Error{Code: praxis.EINVALID, Message: "The field " + field + " must be " + want + ".",
				Fields: map[string]string{field: "must be " + want}}
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return praxis.Errorf(praxis.EINVALID, "The request body has an unknown field %s.", strings.TrimPrefix(err.Error(), "json: unknown field "))
		default:
			return praxis.Errorf(praxis.EINVALID, "The request body is not valid JSON.")
		}
	}
	if dec.More() {
		return praxis.Errorf(praxis.EINVALID, "The request body has data after the JSON object.")
	}
	return nil
}

// jsonDepth returns the deepest nesting of objects and lists in b, looking
// only at brackets outside strings; it does not check that b is JSON.
func jsonDepth(b []byte) int {
	depth, deepest, inString, escaped := 0, 0, false, false
	for _, c := range b {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			deepest = max(deepest, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return deepest
}

// jsonFieldPath returns the JSON path of a field named in a decoding error.
// encoding/json puts the Go names of embedded structs in the path
// ("CommunityInput.name"); the API's JSON names are all lower-case.
func jsonFieldPath(path string) string {
	var keep []string
	for p := range strings.SplitSeq(path, ".") {
		if p != "" && !unicode.IsUpper([]rune(p)[0]) {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, ".")
}

// jsonKind names the JSON kind of value that a Go type accepts, so that
// error messages speak JSON rather than Go.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	default:
		return "an object"
	}
}

// api adapts a handler that returns a value or an error to the API's shape.
func (s *Server) api(w http.ResponseWriter, r *http.Request, status int, v any, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	writeJSON(w, status, v)
}

// apiInput reads what an API call acts on, stopping at the first problem:
// the signed-in user, the path's {idName} when idName is set, and the JSON
// body into in when in is not nil.
func apiInput(r *http.Request, idName string, in any) (*praxis.User, int64, error) {
	u, err := requireUser(r)
	if err != nil {
		return nil, 0, err
	}
	var id int64
	if idName != "" {
		if id, err = pathID(r, idName); err != nil {
			return u, 0, err
		}
	}
	if in != nil {
		err = decodeJSON(r, in)
	}
	return u, id, err
}

// optionalBody is in when the request has a body, and nil (no body to
// read) when it has none, for calls whose body may be left out.
func optionalBody(r *http.Request, in any) any {
	if r.ContentLength == 0 {
		return nil
	}
	return in
}

func requireUser(r *http.Request) (*praxis.User, error) {
	if u := actor(r); u != nil {
		return u, nil
	}
	return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in, or send Authorization: Bearer <token>.")
}

func (s *Server) apiSpecHandler(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(s.apiSpec)
}

// listOf wraps a list so the API can add paging fields later without breaking clients.
type listOf[T any] struct {
	Items []T `json:"items"`
}

func list[T any](items []T) listOf[T] {
	if items == nil {
		items = []T{}
	}
	return listOf[T]{Items: items}
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err == nil {
		u, err = s.store.UserByHandle(r.Context(), u.Handle)
	}
	s.api(w, r, http.StatusOK, u, err)
}

func (s *Server) apiUpdateMe(w http.ResponseWriter, r *http.Request) {
	var in praxis.ProfileUpdate
	u, _, err := apiInput(r, "", &in)
	if err == nil {
		u, err = s.store.UpdateProfile(r.Context(), u, in)
	}
	s.api(w, r, http.StatusOK, u, err)
}

func (s *Server) apiSessions(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	var out []*praxis.Session
	if err == nil {
		out, err = s.store.Sessions(r.Context(), u.ID)
	}
	if cur := state(r).session; cur != nil {
		for _, se := range out {
			se.Current = se.ID == cur.ID
		}
	}
	s.api(w, r, http.StatusOK, list(out), err)
}

func (s *Server) apiRevokeSession(w http.ResponseWriter, r *http.Request) {
	u, id, err := apiInput(r, "id", nil)
	if err == nil {
		err = s.store.RevokeSession(r.Context(), u.ID, id)
	}
	s.api(w, r, http.StatusNoContent, nil, err)
}

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	var out []*praxis.APIToken
	if err == nil {
		out, err = s.store.APITokens(r.Context(), u.ID)
	}
	s.api(w, r, http.StatusOK, list(out), err)
}

func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name string `json:"name"`
	}
	u, _, err := apiInput(r, "", &in)
	var t *praxis.APIToken
	if err == nil {
		t, err = s.store.CreateAPIToken(r.Context(), u.ID, in.Name)
	}
	s.api(w, r, http.StatusCreated, t, err)
}

func (s *Server) apiRevokeToken(w http.ResponseWriter, r *http.Request) {
	u, id, err := apiInput(r, "id", nil)
	if err == nil {
		err = s.store.RevokeAPIToken(r.Context(), u.ID, id)
	}
	s.api(w, r, http.StatusNoContent, nil, err)
}

// publicUser is a profile as others see it: no e-mail unless it is one's own.
type publicUser struct {
	*praxis.User
	Communities []*praxis.Community `json:"communities"`
}

func (s *Server) apiUser(w http.ResponseWriter, r *http.Request) {
	ctx, viewer := r.Context(), actor(r)
	u, err := s.store.UserByHandle(ctx, r.PathValue("handle"))
	var out publicUser
	if err == nil {
		out.User = u
		out.Communities, err = s.store.CommunitiesOf(ctx, viewer, u.ID)
		if out.Communities == nil {
			out.Communities = []*praxis.Community{}
		}
		if !praxis.CanSeeEmail(viewer, u) {
			u.Email = ""
		}
	}
	s.api(w, r, http.StatusOK, out, err)
}

func (s *Server) apiCommunities(w http.ResponseWriter, r *http.Request) {
	out, err := s.store.Communities(r.Context(), actor(r))
	s.api(w, r, http.StatusOK, list(out), err)
}

// communityJSON is a community with the viewer's standing and permissions.
type communityJSON struct {
	*praxis.Community
	Goals       []*praxis.Goal     `json:"goals"`
	Membership  *praxis.Membership `json:"membership"`
	Permissions praxis.Permissions `json:"permissions"`
}

func viewJSON(v *praxis.CommunityView) communityJSON {
	return communityJSON{Community: v.Community, Goals: v.Goals, Membership: v.Membership, Permissions: v.Perm}
}

type createCommunityRequest struct {
	praxis.CommunityInput
	Goals []praxis.GoalInput `json:"goals"`
}

func (s *Server) apiCreateCommunity(w http.ResponseWriter, r *http.Request) {
	var in createCommunityRequest
	u, _, err := apiInput(r, "", &in)
	var v *praxis.CommunityView
	if err == nil {
		var c *praxis.Community
		if c, err = s.store.CreateCommunity(r.Context(), u, in.CommunityInput, in.Goals); err == nil {
			v, err = s.store.Community(r.Context(), u, c.Slug)
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/communities/"+v.Community.Slug)
	writeJSON(w, http.StatusCreated, viewJSON(v))
}

func (s *Server) apiCommunity(w http.ResponseWriter, r *http.Request) {
	v, err := s.store.Community(r.Context(), actor(r), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, viewJSON(v))
}

func (s *Server) apiUpdateCommunity(w http.ResponseWriter, r *http.Request) {
	var in praxis.CommunityInput
	u, _, err := apiInput(r, "", &in)
	var v *praxis.CommunityView
	if err == nil {
		if _, err = s.store.UpdateCommunity(r.Context(), u, r.PathValue("slug"), in); err == nil {
			v, err = s.store.Community(r.Context(), u, r.PathValue("slug"))
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, viewJSON(v))
}

func (s *Server) apiCharterRevisions(w http.ResponseWriter, r *http.Request) {
	out, err := s.store.CharterRevisions(r.Context(), actor(r), r.PathValue("slug"))
	s.api(w, r, http.StatusOK, list(out), err)
}

func (s *Server) apiAddGoal(w http.ResponseWriter, r *http.Request) {
	var in praxis.GoalInput
	u, _, err := apiInput(r, "", &in)
	var g *praxis.Goal
	if err == nil {
		g, err = s.store.AddGoal(r.Context(), u, r.PathValue("slug"), in)
	}
	s.api(w, r, http.StatusCreated, g, err)
}

func (s *Server) apiUpdateGoal(w http.ResponseWriter, r *http.Request) {
	var in praxis.GoalInput
	u, id, err := apiInput(r, "id", &in)
	var g *praxis.Goal
	if err == nil {
		g, err = s.store.UpdateGoal(r.Context(), u, r.PathValue("slug"), id, in)
	}
	s.api(w, r, http.StatusOK, g, err)
}

func (s *Server) apiDeleteGoal(w http.ResponseWriter, r *http.Request) {
	u, id, err := apiInput(r, "id", nil)
	if err == nil {
		err = s.store.DeleteGoal(r.Context(), u, r.PathValue("slug"), id)
	}
	s.api(w, r, http.StatusNoContent, nil, err)
}

func (s *Server) apiJoin(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Message string `json:"message"`
	}
	u, _, err := apiInput(r, "", optionalBody(r, &in))
	var m *praxis.Membership
	if err == nil {
		m, err = s.store.Join(r.Context(), u, r.PathValue("slug"), in.Message)
	}
	s.api(w, r, http.StatusOK, m, err)
}

func (s *Server) apiLeave(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err == nil {
		err = s.store.Leave(r.Context(), u, r.PathValue("slug"))
	}
	s.api(w, r, http.StatusNoContent, nil, err)
}

func (s *Server) apiMembers(w http.ResponseWriter, r *http.Request) {
	out, err := s.store.Members(r.Context(), actor(r), r.PathValue("slug"), praxis.MemberFilter{State: r.URL.Query().Get("state")})
	s.api(w, r, http.StatusOK, list(out), err)
}

func (s *Server) apiInvite(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Handle string `json:"handle"`
	}
	u, _, err := apiInput(r, "", &in)
	if err == nil {
		err = s.store.Invite(r.Context(), u, r.PathValue("slug"), in.Handle)
	}
	s.api(w, r, http.StatusNoContent, nil, err)
}

func (s *Server) apiApprove(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err == nil {
		err = s.store.Approve(r.Context(), u, r.PathValue("slug"), r.PathValue("handle"))
	}
	s.api(w, r, http.StatusNoContent, nil, err)
}

func (s *Server) apiSetRole(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Role string `json:"role"`
	}
	u, _, err := apiInput(r, "", &in)
	if err == nil {
		err = s.store.SetRole(r.Context(), u, r.PathValue("slug"), r.PathValue("handle"), in.Role)
	}
	s.api(w, r, http.StatusNoContent, nil, err)
}

func (s *Server) apiRemoveMember(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	if err == nil {
		err = s.store.RemoveMember(r.Context(), u, r.PathValue("slug"), r.PathValue("handle"))
	}
	s.api(w, r, http.StatusNoContent, nil, err)
}

func (s *Server) apiActivity(w http.ResponseWriter, r *http.Request) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	out, err := s.store.Activity(r.Context(), actor(r), r.PathValue("slug"), limit)
	s.api(w, r, http.StatusOK, list(out), err)
}

func (s *Server) apiAdminSettings(w http.ResponseWriter, r *http.Request) {
	out, err := s.store.AdminSettings(r.Context(), actor(r))
	s.api(w, r, http.StatusOK, out, err)
}

func (s *Server) apiAdminUpdateSettings(w http.ResponseWriter, r *http.Request) {
	var in praxis.SettingsInput
	u, _, err := apiInput(r, "", &in)
	var out *praxis.Settings
	if err == nil {
		out, err = s.store.UpdateSettings(r.Context(), u, in)
	}
	s.api(w, r, http.StatusOK, out, err)
}

func (s *Server) apiAdminUsers(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	var out []*praxis.User
	if err == nil {
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		out, err = s.store.Users(r.Context(), u, praxis.UserFilter{Query: r.URL.Query().Get("q"), Limit: limit})
	}
	s.api(w, r, http.StatusOK, list(out), err)
}

func (s *Server) apiAdminUpdateUser(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Role      *string `json:"role"`
		Suspended *bool   `json:"suspended"`
	}
	u, _, err := apiInput(r, "", &in)
	var out *praxis.User
	if err == nil {
		out, err = s.store.UpdateUser(r.Context(), u, r.PathValue("handle"), in.Role, in.Suspended)
	}
	s.api(w, r, http.StatusOK, out, err)
}

func (s *Server) apiAdminInvitations(w http.ResponseWriter, r *http.Request) {
	u, err := requireUser(r)
	var out []*praxis.Invitation
	if err == nil {
		out, err = s.store.Invitations(r.Context(), u)
	}
	s.api(w, r, http.StatusOK, list(out), err)
}

// invitationJSON adds the link to a just-created invitation.
type invitationJSON struct {
	*praxis.Invitation
	URL string `json:"url"`
}

func (s *Server) apiAdminCreateInvitation(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Email string `json:"email"`
	}
	u, _, err := apiInput(r, "", optionalBody(r, &in))
	var out invitationJSON
	if err == nil {
		out.Invitation, err = s.store.CreateInvitation(r.Context(), u, in.Email)
	}
	if err == nil {
		out.URL = s.absURL(r, "/signup?invite="+out.Invitation.Token)
	}
	s.api(w, r, http.StatusCreated, out, err)
}
