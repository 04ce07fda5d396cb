package sqlstore

import (
	"context"
	"strings"

	"praxis"
)

func defaultSettings() *praxis.Settings {
	return &praxis.Settings{Name: "Praxis", SignupPolicy: praxis.SignupOpen, CommunityCreation: praxis.CreationMembers, AllowedDomains: []string{}}
}

func (tx *Tx) settings(ctx context.Context) (*praxis.Settings, error) {
	s := defaultSettings()
	var domains string
	err := tx.QueryRowContext(ctx, `SELECT name, signup_policy, allowed_domains, community_creation FROM settings WHERE id = 1`).
		Scan(&s.Name, &s.SignupPolicy, &domains, &s.CommunityCreation)
	if isNoRows(err) {
		return s, nil
	} else if err != nil {
		return nil, err
	}
	s.AllowedDomains = praxis.ParseList(domains)
	if s.AllowedDomains == nil {
		s.AllowedDomains = []string{}
	}
	return s, nil
}

func (tx *Tx) saveSettings(ctx context.Context, s *praxis.Settings) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (id, name, signup_policy, allowed_domains, community_creation, updated_at)
		VALUES (1, $1, $2, $3, $4, $5)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, signup_policy = excluded.signup_policy,
			allowed_domains = excluded.allowed_domains, community_creation = excluded.community_creation, updated_at = excluded.updated_at`,
		s.Name, s.SignupPolicy, strings.Join(s.AllowedDomains, "\n"), s.CommunityCreation, ms(tx.now))
	return err
}

func requireAdmin(actor *praxis.User) error {
	if actor == nil {
		return praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in as an administrator.")
	}
	if !actor.IsAdmin() {
		return praxis.Errorf(praxis.EFORBIDDEN, "Only administrators can do this.")
	}
	return nil
}

// Settings returns the instance settings.
func (db *DB) Settings(ctx context.Context) (*praxis.Settings, error) {
	var s *praxis.Settings
	err := db.view(ctx, func(tx *Tx) (err error) {
		s, err = tx.settings(ctx)
		return err
	})
	return s, err
}

// AdminSettings returns the settings to an administrator.
func (db *DB) AdminSettings(ctx context.Context, actor *praxis.User) (*praxis.Settings, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	return db.Settings(ctx)
}

// UpdateSettings changes the instance settings.
func (db *DB) UpdateSettings(ctx context.Context, actor *praxis.User, in praxis.SettingsInput) (*praxis.Settings, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	var s *praxis.Settings
	err := db.update(ctx, func(tx *Tx) (err error) {
		if s, err = tx.settings(ctx); err != nil {
			return err
		}
		if err := in.Apply(s); err != nil {
			return err
		}
		return tx.saveSettings(ctx, s)
	})
	return s, err
}

// Users lists accounts for the administrator, matching a query on handle,
// name or e-mail.
func (db *DB) Users(ctx context.Context, actor *praxis.User, f praxis.UserFilter) ([]*praxis.User, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	if f.Limit <= 0 {
		f.Limit = 200
	} else if f.Limit > 500 {
		f.Limit = 500
	}
	q := "%" + strings.ToLower(strings.TrimSpace(f.Query)) + "%"
	var out []*praxis.User
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+userColumns+` FROM users u
			WHERE lower(u.handle) LIKE $1 OR lower(u.display_name) LIKE $1 OR lower(COALESCE(u.email, '')) LIKE $1
			ORDER BY u.role, u.handle LIMIT $2`, q, f.Limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	return out, err
}

// SetUserRole makes a user an administrator or a member.
func (db *DB) SetUserRole(ctx context.Context, actor *praxis.User, handle, role string) error {
	_, err := db.UpdateUser(ctx, actor, handle, &role, nil)
	return err
}

// SetSuspended suspends or restores a user. Suspension ends the user's
// sessions at once.
func (db *DB) SetSuspended(ctx context.Context, actor *praxis.User, handle string, suspended bool) error {
	_, err := db.UpdateUser(ctx, actor, handle, nil, &suspended)
	return err
}

// UpdateUser changes a user's instance role and suspension in one
// transaction; nil leaves a field as it is.
func (db *DB) UpdateUser(ctx context.Context, actor *praxis.User, handle string, role *string, suspended *bool) (*praxis.User, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	if role != nil && *role != praxis.RoleAdmin && *role != praxis.RoleMember {
		return nil, &praxis.Error{Code: praxis.EINVALID, Message: "The role is admin or member.", Fields: map[string]string{"role": "Choose admin or member."}}
	}
	var u *praxis.User
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		u, err = tx.userBy(ctx, "u.handle = $1", strings.ToLower(strings.TrimPrefix(handle, "@")))
		if err != nil {
			return notFound("No one has the handle @%s.", handle)
		}
		if role != nil && *role != u.Role {
			if *role == praxis.RoleMember {
				var admins int
				if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND NOT suspended`).Scan(&admins); err != nil {
					return err
				}
				if admins <= 1 {
					return praxis.Errorf(praxis.ECONFLICT, "@%s is the last administrator; make someone else an administrator first.", u.Handle)
				}
			}
			if u.PasswordHash == "" && *role == praxis.RoleAdmin {
				return praxis.Errorf(praxis.ECONFLICT, "@%s cannot sign in yet, so cannot administer.", u.Handle)
			}
			if err := tx.audit(ctx, auditEntry{event: praxis.AuditInstanceRole, actorID: actor.ID, subjectID: u.ID,
				detail: u.Role + " → " + *role}); err != nil {
				return err
			}
			u.Role = *role
		}
		if suspended != nil && *suspended != u.Suspended {
			if u.ID == actor.ID {
				return praxis.Errorf(praxis.ECONFLICT, "You cannot suspend yourself.")
			}
			u.Suspended = *suspended
			event := praxis.AuditRestored
			if u.Suspended {
				event = praxis.AuditSuspended
				if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
					return err
				}
			}
			if err := tx.audit(ctx, auditEntry{event: event, actorID: actor.ID, subjectID: u.ID}); err != nil {
				return err
			}
		}
		tx.reindex(praxis.SearchMember, u.ID)
		_, err = tx.ExecContext(ctx, `UPDATE users SET role = $1, suspended = $2, updated_at = $3 WHERE id = $4`, u.Role, u.Suspended, ms(tx.now), u.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	u.PasswordHash = ""
	return u, nil
}

// CreateInvitation makes a sign-up link, for one address or anyone.
func (db *DB) CreateInvitation(ctx context.Context, actor *praxis.User, email string) (*praxis.Invitation, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	email = praxis.NormalizeEmail(email)
	if email != "" {
		var v praxis.Validation
		praxis.ValidateEmail(&v, "email", email)
		if err := v.Err(); err != nil {
			return nil, err
		}
	}
	inv := &praxis.Invitation{Email: email, Token: newSecret("inv_")}
	err := db.update(ctx, func(tx *Tx) error {
		inv.CreatedAt, inv.ExpiresAt = tx.now, tx.now.Add(praxis.InvitationLifetime)
		return tx.QueryRowContext(ctx, `INSERT INTO invitations (token_hash, email, created_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, hashSecret(inv.Token), email, actor.ID, ms(inv.CreatedAt), ms(inv.ExpiresAt)).Scan(&inv.ID)
	})
	return inv, err
}

// Invitations lists sign-up invitations, newest first.
func (db *DB) Invitations(ctx context.Context, actor *praxis.User) ([]*praxis.Invitation, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	var out []*praxis.Invitation
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT i.id, i.email, i.created_at, i.expires_at, COALESCE(u.handle, '')
			FROM invitations i LEFT JOIN users u ON u.id = i.used_by ORDER BY i.id DESC LIMIT 100`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			inv := &praxis.Invitation{}
			var created, expires int64
			if err := rows.Scan(&inv.ID, &inv.Email, &created, &expires, &inv.UsedBy); err != nil {
				return err
			}
			inv.CreatedAt, inv.ExpiresAt = fromMS(created), fromMS(expires)
			out = append(out, inv)
		}
		return rows.Err()
	})
	return out, err
}

// Stats counts what the instance holds, for the administrator.
func (db *DB) Stats(ctx context.Context, actor *praxis.User) (map[string]int, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	out := map[string]int{}
	err := db.view(ctx, func(tx *Tx) error {
		for _, q := range []struct{ name, sql string }{
			{"users", `SELECT count(*) FROM users WHERE password_hash IS NOT NULL`},
			{"placeholders", `SELECT count(*) FROM users WHERE password_hash IS NULL`},
			{"communities", `SELECT count(*) FROM communities`},
			{"memberships", `SELECT count(*) FROM memberships WHERE state = 'active'`},
			{"activity", `SELECT count(*) FROM activity`},
			{"sessions", `SELECT count(*) FROM sessions`},
		} {
			var n int
			if err := tx.QueryRowContext(ctx, q.sql).Scan(&n); err != nil {
				return err
			}
			out[q.name] = n
		}
		return nil
	})
	return out, err
}
