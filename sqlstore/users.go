package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"praxis"
	"praxis/password"
)

const userColumns = `u.id, u.handle, COALESCE(u.email, ''), u.display_name, COALESCE(u.password_hash, ''), u.role,
	u.organization, u.title, u.location, u.time_zone, u.bio, u.suspended, COALESCE(u.external_id, ''), u.created_at`

type scanner interface{ Scan(dest ...any) error }

func scanUser(s scanner, extra ...any) (*praxis.User, error) {
	var u praxis.User
	var created int64
	dest := append([]any{&u.ID, &u.Handle, &u.Email, &u.DisplayName, &u.PasswordHash, &u.Role,
		&u.Organization, &u.Title, &u.Location, &u.TimeZone, &u.Bio, &u.Suspended, &u.ExternalID, &created}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	u.CreatedAt = fromMS(created)
	return &u, nil
}

// userBy loads one user with its expertise. where is a condition on u.
func (tx *Tx) userBy(ctx context.Context, where string, arg any) (*praxis.User, error) {
	u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE `+where, arg))
	if isNoRows(err) {
		return nil, notFound("No such user.")
	} else if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT topic FROM user_expertise WHERE user_id = $1 ORDER BY position`, u.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	u.Expertise = []string{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		u.Expertise = append(u.Expertise, t)
	}
	return u, rows.Err()
}

// insertUser writes a new user; a taken handle or e-mail is a field error.
func (tx *Tx) insertUser(ctx context.Context, u *praxis.User) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE handle = $1`, u.Handle).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return &praxis.Error{Code: praxis.ECONFLICT, Message: "That handle is taken; choose another.",
			Fields: map[string]string{"handle": "That handle is taken; choose another."}}
	}
	if u.Email != "" {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = $1`, u.Email).Scan(&n); err != nil {
			return err
		} else if n > 0 {
			msg := "An account with this e-mail address already exists. Sign in instead."
			return &praxis.Error{Code: praxis.ECONFLICT, Message: msg, Fields: map[string]string{"email": msg}}
		}
	}
	u.CreatedAt = tx.now
	err := tx.QueryRowContext(ctx, `
		INSERT INTO users (handle, email, display_name, password_hash, role, organization, title, location,
			time_zone, bio, suspended, external_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
		u.Handle, nullString(u.Email), u.DisplayName, nullString(u.PasswordHash), u.Role, u.Organization, u.Title,
		u.Location, u.TimeZone, u.Bio, u.Suspended, nullString(u.ExternalID), ms(tx.now)).Scan(&u.ID)
	if isUniqueViolation(err) {
		return praxis.Errorf(praxis.ECONFLICT, "That handle or e-mail address was just taken; choose another.")
	} else if err != nil {
		return err
	}
	return tx.setExpertise(ctx, u.ID, u.Expertise)
}

func (tx *Tx) setExpertise(ctx context.Context, userID int64, topics []string) error {
	tx.reindex(praxis.SearchMember, userID)
	if _, err := tx.ExecContext(ctx, `DELETE FROM user_expertise WHERE user_id = $1`, userID); err != nil {
		return err
	}
	for i, t := range topics {
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_expertise (user_id, position, topic) VALUES ($1, $2, $3)`, userID, i, t); err != nil {
			return err
		}
	}
	return nil
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// SetupNeeded reports whether no administrator exists yet.
func (db *DB) SetupNeeded(ctx context.Context) (bool, error) {
	var n int
	err := db.view(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin'`).Scan(&n)
	})
	return n == 0, err
}

// Setup creates the first administrator and names the instance.
func (db *DB) Setup(ctx context.Context, instanceName string, s praxis.Signup) (*praxis.User, error) {
	s.Handle, s.Email = strings.ToLower(strings.TrimSpace(s.Handle)), praxis.NormalizeEmail(s.Email)
	s.DisplayName = strings.TrimSpace(s.DisplayName)
	instanceName = strings.TrimSpace(instanceName)
	var v praxis.Validation
	praxis.ValidateText(&v, "instance_name", "The name of this Praxis", instanceName, praxis.MaxNameLen, true)
	if err := s.Validate(); err != nil {
		for f, m := range praxis.ErrorFields(err) {
			v.Add(f, m)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	hash, err := password.Hash(s.Password, db.passwordParams)
	if err != nil {
		return nil, err
	}
	u := &praxis.User{Handle: s.Handle, Email: s.Email, DisplayName: s.DisplayName, PasswordHash: hash, Role: praxis.RoleAdmin}
	err = db.update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin'`).Scan(&n); err != nil {
			return err
		} else if n > 0 {
			return praxis.Errorf(praxis.ECONFLICT, "This Praxis is already set up. Sign in instead.")
		}
		settings := praxis.Settings{Name: instanceName, SignupPolicy: praxis.SignupOpen, CommunityCreation: praxis.CreationMembers}
		if err := tx.saveSettings(ctx, &settings); err != nil {
			return err
		}
		if err := tx.insertUser(ctx, u); err != nil {
			return err
		}
		if err := tx.audit(ctx, auditEntry{event: praxis.AuditSignup, actorID: u.ID, subjectID: u.ID, ip: s.IP,
			detail: "the first administrator, at setup"}); err != nil {
			return err
		}
		return tx.logActivity(ctx, 0, u.ID, praxis.VerbSignedUp, "user", u.ID, "")
	})
	if err != nil {
		return nil, err
	}
	u.Expertise = []string{}
	return u, nil
}

// SignUp creates a member under the instance's sign-up policy.
func (db *DB) SignUp(ctx context.Context, s praxis.Signup) (*praxis.User, error) {
	s.Handle, s.Email = strings.ToLower(strings.TrimSpace(s.Handle)), praxis.NormalizeEmail(s.Email)
	s.DisplayName = strings.TrimSpace(s.DisplayName)
	if err := s.Validate(); err != nil {
		return nil, err
	}
	hash, err := password.Hash(s.Password, db.passwordParams)
	if err != nil {
		return nil, err
	}
	u := &praxis.User{Handle: s.Handle, Email: s.Email, DisplayName: s.DisplayName, PasswordHash: hash, Role: praxis.RoleMember, Expertise: []string{}}
	err = db.update(ctx, func(tx *Tx) error {
		settings, err := tx.settings(ctx)
		if err != nil {
			return err
		}
		var inviteID, claimID int64
		if s.Invitation != "" {
			var email string
			var expires int64
			var used sql.NullInt64
			err := tx.QueryRowContext(ctx, `SELECT id, email, expires_at, used_by, COALESCE(claim_user_id, 0) FROM invitations WHERE token_hash = $1`,
				hashSecret(s.Invitation)).Scan(&inviteID, &email, &expires, &used, &claimID)
			switch {
			case isNoRows(err):
				return praxis.Errorf(praxis.EFORBIDDEN, "This invitation link is not valid. Ask for a new one.")
			case err != nil:
				return err
			case used.Valid:
				return praxis.Errorf(praxis.EFORBIDDEN, "This invitation link has already been used. Ask for a new one.")
			case expires < ms(tx.now):
				return praxis.Errorf(praxis.EFORBIDDEN, "This invitation link has expired. Ask for a new one.")
			case email != "" && email != s.Email:
				msg := "This invitation is for another e-mail address."
				return &praxis.Error{Code: praxis.EFORBIDDEN, Message: msg, Fields: map[string]string{"email": msg}}
			}
		} else {
			switch settings.SignupPolicy {
			case praxis.SignupInviteOnly:
				return praxis.Errorf(praxis.EFORBIDDEN, "Accounts on %s are by invitation only. Ask an administrator for an invitation link.", settings.Name)
			case praxis.SignupDomains:
				if !settings.DomainAllowed(s.Email) {
					msg := "Sign-up is open to addresses at " + strings.Join(settings.AllowedDomains, ", ") + " only."
					return &praxis.Error{Code: praxis.EFORBIDDEN, Message: msg, Fields: map[string]string{"email": msg}}
				}
			}
		}
		// A placeholder (an imported person) bound to the invitation, or with
		// this e-mail address, becomes this account, history and all.
		if err := tx.claimOrInsert(ctx, u, claimID); err != nil {
			return err
		}
		detail := "sign-up policy " + settings.SignupPolicy
		if inviteID != 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE invitations SET used_by = $1, used_at = $2 WHERE id = $3`, u.ID, ms(tx.now), inviteID); err != nil {
				return err
			}
			detail = "with invitation " + strconv.FormatInt(inviteID, 10)
		}
		if err := tx.audit(ctx, auditEntry{event: praxis.AuditSignup, actorID: u.ID, subjectID: u.ID, ip: s.IP, detail: detail}); err != nil {
			return err
		}
		return tx.logActivity(ctx, 0, u.ID, praxis.VerbSignedUp, "user", u.ID, "")
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// CreateUser creates an account without the sign-up policy: the command
// line's "admin create-user". A user without a password is a placeholder.
func (db *DB) CreateUser(ctx context.Context, s praxis.Signup, role string) (*praxis.User, error) {
	s.Handle, s.Email = strings.ToLower(strings.TrimSpace(s.Handle)), praxis.NormalizeEmail(s.Email)
	var v praxis.Validation
	praxis.ValidateHandle(&v, "handle", s.Handle)
	if s.Email != "" {
		praxis.ValidateEmail(&v, "email", s.Email)
	}
	praxis.ValidateText(&v, "display_name", "The name", s.DisplayName, praxis.MaxNameLen, true)
	if s.Password != "" {
		praxis.ValidatePassword(&v, "password", s.Password)
	}
	if role != praxis.RoleAdmin && role != praxis.RoleMember {
		v.Add("role", "The role is admin or member.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	u := &praxis.User{Handle: s.Handle, Email: s.Email, DisplayName: s.DisplayName, Role: role, Expertise: []string{}}
	if s.Password != "" {
		hash, err := password.Hash(s.Password, db.passwordParams)
		if err != nil {
			return nil, err
		}
		u.PasswordHash = hash
	}
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.insertUser(ctx, u); err != nil {
			return err
		}
		if err := tx.audit(ctx, auditEntry{event: praxis.AuditSignup, subjectID: u.ID, ip: s.IP,
			detail: "created as " + role + " from the command line"}); err != nil {
			return err
		}
		return tx.logActivity(ctx, 0, u.ID, praxis.VerbSignedUp, "user", u.ID, "")
	})
	return u, err
}

// InsertPlaceholderUsers writes people brought in by the demo or an import,
// with their profiles, in one transaction. They cannot sign in.
func (db *DB) InsertPlaceholderUsers(ctx context.Context, users []*praxis.User) error {
	return db.update(ctx, func(tx *Tx) error {
		for _, u := range users {
			if u.Role == "" {
				u.Role = praxis.RoleMember
			}
			if err := tx.insertUser(ctx, u); err != nil {
				return err
			}
		}
		return nil
	})
}

// UserByHandle returns a user with its expertise.
func (db *DB) UserByHandle(ctx context.Context, handle string) (*praxis.User, error) {
	var u *praxis.User
	err := db.view(ctx, func(tx *Tx) (err error) {
		u, err = tx.userBy(ctx, "u.handle = $1", strings.ToLower(handle))
		return err
	})
	if praxis.ErrorCode(err) == praxis.ENOTFOUND {
		return nil, notFound("No member has the handle @%s.", handle)
	} else if err != nil {
		return nil, err
	}
	u.PasswordHash = "" // only Authenticate needs it
	return u, nil
}

// UpdateProfile changes actor's own profile.
func (db *DB) UpdateProfile(ctx context.Context, actor *praxis.User, p praxis.ProfileUpdate) (*praxis.User, error) {
	if actor == nil {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to change your profile.")
	}
	var u *praxis.User
	err := db.update(ctx, func(tx *Tx) (err error) {
		u, err = tx.userBy(ctx, "u.id = $1", actor.ID)
		if err != nil {
			return err
		}
		if err := p.Apply(u); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET display_name = $1, organization = $2, title = $3, location = $4,
			time_zone = $5, bio = $6, updated_at = $7 WHERE id = $8`,
			u.DisplayName, u.Organization, u.Title, u.Location, u.TimeZone, u.Bio, ms(tx.now), u.ID); err != nil {
			return err
		}
		tx.reindex(praxis.SearchMember, u.ID)
		if p.Expertise != nil {
			if err := tx.setExpertise(ctx, u.ID, u.Expertise); err != nil {
				return err
			}
		}
		return tx.logActivity(ctx, 0, u.ID, praxis.VerbProfileUpdated, "user", u.ID, "")
	})
	return u, err
}

// ChangePassword sets a new password and ends the user's other sessions.
func (db *DB) ChangePassword(ctx context.Context, actor *praxis.User, oldPw, newPw string, keepSession int64) error {
	if actor == nil {
		return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in to change your password.")
	}
	var v praxis.Validation
	praxis.ValidatePassword(&v, "new_password", newPw)
	if err := v.Err(); err != nil {
		return err
	}
	var current string
	err := db.view(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COALESCE(password_hash, '') FROM users WHERE id = $1`, actor.ID).Scan(&current)
	})
	if err != nil {
		return err
	}
	if ok, _ := password.Verify(oldPw, current); !ok {
		msg := "Your current password is not right."
		return &praxis.Error{Code: praxis.EUNAUTHORIZED, Message: msg, Fields: map[string]string{"old_password": msg}}
	}
	hash, err := password.Hash(newPw, db.passwordParams)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`, hash, ms(tx.now), actor.ID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, actor.ID, keepSession)
		if err != nil {
			return err
		}
		ended, _ := res.RowsAffected()
		return tx.audit(ctx, auditEntry{event: praxis.AuditPasswordChanged, actorID: actor.ID, subjectID: actor.ID,
			detail: "other sessions ended: " + strconv.FormatInt(ended, 10)})
	})
}

// Authenticate checks an e-mail or handle and password. Failed attempts are
// counted per account and per address over praxis.LoginWindow, since the
// last success; past the limits every attempt is refused until the window
// has passed.
func (db *DB) Authenticate(ctx context.Context, l praxis.Login) (*praxis.User, error) {
	account := strings.ToLower(strings.TrimSpace(l.Account))
	if account == "" || l.Password == "" {
		var v praxis.Validation
		if account == "" {
			v.Add("account", "Enter your e-mail address or handle.")
		}
		if l.Password == "" {
			v.Add("password", "Enter your password.")
		}
		return nil, v.Err()
	}
	var u *praxis.User
	var accountFails, ipFails int
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		u, err = tx.userBy(ctx, "u.email = $1 OR u.handle = $1", account)
		if praxis.ErrorCode(err) == praxis.ENOTFOUND {
			u = nil
		} else if err != nil {
			return err
		}
		if u != nil {
			// Count a person's failures together, whether they typed the
			// e-mail address or the handle.
			account = u.Handle
		}
		since := ms(tx.now.Add(-praxis.LoginWindow))
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM login_attempts WHERE account = $1 AND created_at > $2 AND NOT success
			AND created_at > COALESCE((SELECT max(created_at) FROM login_attempts WHERE account = $1 AND success), 0)`,
			account, since).Scan(&accountFails); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT count(*) FROM login_attempts WHERE ip = $1 AND created_at > $2 AND NOT success`,
			l.IP, since).Scan(&ipFails)
	})
	if err != nil {
		return nil, err
	}
	minutes := int(praxis.LoginWindow / time.Minute)
	if accountFails >= praxis.MaxFailuresPerAccount {
		return nil, praxis.Errorf(praxis.ERATELIMITED, "Too many failed sign-ins for this account. Try again in %d minutes, or ask an administrator.", minutes)
	}
	if ipFails >= praxis.MaxFailuresPerIP {
		return nil, praxis.Errorf(praxis.ERATELIMITED, "Too many failed sign-ins from your network. Try again in %d minutes.", minutes)
	}
	// No account, or one that cannot sign in: check the dummy hash, so the
	// answer takes as long as for a wrong password.
	var hash string
	if u != nil {
		hash = u.PasswordHash
	}
	if hash == "" {
		hash = db.dummyHash()
	}
	ok, _ := password.Verify(l.Password, hash)
	ok = ok && u != nil && u.PasswordHash != ""
	if err := db.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO login_attempts (account, ip, success, created_at) VALUES ($1, $2, $3, $4)`,
			account, l.IP, ok, ms(tx.now))
		if err != nil {
			return err
		}
		e := auditEntry{event: praxis.AuditLoginFailed, ip: l.IP}
		switch {
		case u == nil:
			e.detail = "no account " + strconv.Quote(account)
		case !ok:
			e.subjectID, e.detail = u.ID, "wrong password"
		case u.Suspended:
			e.subjectID, e.detail = u.ID, "the account is suspended"
		default:
			e.event, e.actorID, e.subjectID = praxis.AuditLogin, u.ID, u.ID
		}
		return tx.audit(ctx, e)
	}); err != nil {
		return nil, err
	}
	if !ok {
		left := praxis.MaxFailuresPerAccount - accountFails - 1
		msg := "Wrong e-mail, handle or password."
		if left == 0 {
			msg += " Sign-in for this account is now paused for " + strconv.Itoa(minutes) + " minutes."
		} else if left <= 2 {
			msg += " " + strconv.Itoa(left) + " more failed attempts will pause sign-in for this account."
		}
		return nil, &praxis.Error{Code: praxis.EUNAUTHORIZED, Message: msg}
	}
	if u.Suspended {
		return nil, praxis.Errorf(praxis.EFORBIDDEN, "This account is suspended. Ask an administrator.")
	}
	return u, nil
}

// resolveHandles turns handles (trimmed, lower-cased, without repeats, in
// order) into user ids with one query: from is the rest of
// "SELECT u.handle, u.id FROM users u" up to and including its WHERE
// conditions, numbered from $1 with args; a handle it does not find is an
// EINVALID error on field, with missing (a format taking the handle) as
// the message.
func (tx *Tx) resolveHandles(ctx context.Context, handles []string, field, missing, from string, args ...any) ([]int64, error) {
	var names []string
	seen := map[string]bool{}
	for _, h := range handles {
		h = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(h), "@"))
		if h != "" && !seen[h] {
			seen[h] = true
			names = append(names, h)
		}
	}
	if len(names) == 0 {
		return []int64{}, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT u.handle, u.id FROM users u`+from+` AND u.handle IN (`+inList(&args, names)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	found := map[string]int64{}
	for rows.Next() {
		var h string
		var id int64
		if err := rows.Scan(&h, &id); err != nil {
			return nil, err
		}
		found[h] = id
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(names))
	for _, h := range names {
		id, ok := found[h]
		if !ok {
			msg := fmt.Sprintf(missing, h)
			return nil, &praxis.Error{Code: praxis.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
		}
		ids = append(ids, id)
	}
	return ids, nil
}
