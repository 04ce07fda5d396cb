package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"praxis"
)

// touchEvery limits how often a session's or token's last use is written,
// so that reading pages does not turn into a write per request.
const touchEvery = time.Minute

// CreateSession starts a session for userID and returns its secret.
func (db *DB) CreateSession(ctx context.Context, userID int64, userAgent, ip string) (string, error) {
	token := newSecret("")
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	err := db.update(ctx, func(tx *Tx) error {
		// Sweep this user's expired sessions while we hold the write lock.
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND expires_at < $2`, userID, ms(tx.now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at, user_agent, ip)
			VALUES ($1, $2, $3, $3, $4, $5, $6)`,
			hashSecret(token), userID, ms(tx.now), ms(tx.now.Add(praxis.SessionLifetime)), userAgent, ip)
		return err
	})
	return token, err
}

// UserBySession returns the user of a live session, extending the session
// when it was last seen more than a minute ago.
func (db *DB) UserBySession(ctx context.Context, token string) (*praxis.User, *praxis.Session, error) {
	if token == "" {
		return nil, nil, praxis.Errorf(praxis.EUNAUTHORIZED, "Sign in first.")
	}
	var u *praxis.User
	var s praxis.Session
	err := db.view(ctx, func(tx *Tx) error {
		var created, seen, expires int64
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+`, s.id, s.created_at, s.last_seen_at, s.expires_at, s.user_agent, s.ip
			FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2`,
			hashSecret(token), ms(tx.now)), &s.ID, &created, &seen, &expires, &s.UserAgent, &s.IP)
		if isNoRows(err) {
			return praxis.Errorf(praxis.EUNAUTHORIZED, "Your session has ended. Sign in again.")
		} else if err != nil {
			return err
		}
		s.CreatedAt, s.LastSeenAt, s.ExpiresAt = fromMS(created), fromMS(seen), fromMS(expires)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if u.Suspended {
		return nil, nil, praxis.Errorf(praxis.EUNAUTHORIZED, "This account is suspended.")
	}
	s.UserID, s.Current = u.ID, true
	if now := db.now(); now.Sub(s.LastSeenAt) > touchEvery {
		err := db.update(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3`,
				ms(tx.now), ms(tx.now.Add(praxis.SessionLifetime)), s.ID)
			return err
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return u, &s, nil
}

// Sessions lists a user's live sessions, most recent first.
func (db *DB) Sessions(ctx context.Context, userID int64) ([]*praxis.Session, error) {
	var out []*praxis.Session
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, created_at, last_seen_at, expires_at, user_agent, ip FROM sessions
			WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC`, userID, ms(tx.now))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			s := &praxis.Session{UserID: userID}
			var created, seen, expires int64
			if err := rows.Scan(&s.ID, &created, &seen, &expires, &s.UserAgent, &s.IP); err != nil {
				return err
			}
			s.CreatedAt, s.LastSeenAt, s.ExpiresAt = fromMS(created), fromMS(seen), fromMS(expires)
			out = append(out, s)
		}
		return rows.Err()
	})
	return out, err
}

// RevokeSession ends one of the user's sessions.
func (db *DB) RevokeSession(ctx context.Context, userID, sessionID int64) error {
	return db.update(ctx, func(tx *Tx) error {
		var ua, ip string
		err := tx.QueryRowContext(ctx, `DELETE FROM sessions WHERE id = $1 AND user_id = $2 RETURNING user_agent, ip`, sessionID, userID).Scan(&ua, &ip)
		if isNoRows(err) {
			return notFound("No such session.")
		} else if err != nil {
			return err
		}
		return tx.audit(ctx, auditEntry{event: praxis.AuditSessionRevoked, actorID: userID, subjectID: userID,
			detail: "session " + strconv.FormatInt(sessionID, 10) + " from " + ip + ", " + ua})
	})
}

// DeleteSessionToken ends the session with that token.
func (db *DB) DeleteSessionToken(ctx context.Context, token string) error {
	return db.update(ctx, func(tx *Tx) error {
		var userID, id int64
		err := tx.QueryRowContext(ctx, `DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id, id`, hashSecret(token)).Scan(&userID, &id)
		if isNoRows(err) {
			return nil // already ended
		} else if err != nil {
			return err
		}
		return tx.audit(ctx, auditEntry{event: praxis.AuditLogout, actorID: userID, subjectID: userID,
			detail: "session " + strconv.FormatInt(id, 10)})
	})
}

// apiTokenPrefix starts every personal token, so a leaked one is easy to
// recognize in logs and by secret scanners.
const apiTokenPrefix = "prx_"

// CreateAPIToken makes a personal API token; its secret is returned once.
func (db *DB) CreateAPIToken(ctx context.Context, userID int64, name string) (*praxis.APIToken, error) {
	name = strings.TrimSpace(name)
	var v praxis.Validation
	praxis.ValidateText(&v, "name", "The token's name", name, 80, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	secret := newSecret(apiTokenPrefix)
	t := &praxis.APIToken{Name: name, Prefix: secret[:len(apiTokenPrefix)+6], Secret: secret}
	err := db.update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM api_tokens WHERE user_id = $1`, userID).Scan(&n); err != nil {
			return err
		} else if n >= 50 {
			return praxis.Errorf(praxis.ECONFLICT, "You have 50 tokens already; revoke some first.")
		}
		t.CreatedAt = tx.now
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			userID, t.Name, t.Prefix, hashSecret(secret), ms(tx.now)).Scan(&t.ID); err != nil {
			return err
		}
		return tx.audit(ctx, auditEntry{event: praxis.AuditTokenCreated, actorID: userID, subjectID: userID,
			detail: t.Prefix + "… " + strconv.Quote(t.Name)})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// APITokens lists a user's tokens, newest first.
func (db *DB) APITokens(ctx context.Context, userID int64) ([]*praxis.APIToken, error) {
	var out []*praxis.APIToken
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name, prefix, created_at, last_used_at FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t := &praxis.APIToken{}
			var created int64
			var used sql.NullInt64
			if err := rows.Scan(&t.ID, &t.Name, &t.Prefix, &created, &used); err != nil {
				return err
			}
			t.CreatedAt, t.LastUsedAt = fromMS(created), fromNullMS(used)
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}

// RevokeAPIToken deletes one of the user's tokens.
func (db *DB) RevokeAPIToken(ctx context.Context, userID, tokenID int64) error {
	return db.update(ctx, func(tx *Tx) error {
		var prefix, name string
		err := tx.QueryRowContext(ctx, `DELETE FROM api_tokens WHERE id = $1 AND user_id = $2 RETURNING prefix, name`, tokenID, userID).Scan(&prefix, &name)
		if isNoRows(err) {
			return notFound("No such token.")
		} else if err != nil {
			return err
		}
		return tx.audit(ctx, auditEntry{event: praxis.AuditTokenRevoked, actorID: userID, subjectID: userID,
			detail: prefix + "… " + strconv.Quote(name)})
	})
}

// UserByAPIToken returns the owner of a live token.
func (db *DB) UserByAPIToken(ctx context.Context, token string) (*praxis.User, error) {
	invalid := praxis.Errorf(praxis.EUNAUTHORIZED, "The API token is not valid or has been revoked.")
	if !strings.HasPrefix(token, apiTokenPrefix) {
		return nil, invalid
	}
	var u *praxis.User
	var tokenID int64
	var used sql.NullInt64
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+`, t.id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
			WHERE t.token_hash = $1`, hashSecret(token)), &tokenID, &used)
		if isNoRows(err) {
			return invalid
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if u.Suspended {
		return nil, praxis.Errorf(praxis.EUNAUTHORIZED, "This account is suspended.")
	}
	if now := db.now(); !used.Valid || now.Sub(fromMS(used.Int64)) > touchEvery {
		err = db.update(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, ms(tx.now), tokenID)
			return err
		})
	}
	return u, err
}
